package org.minternet.world;

import java.util.Map;

/** A service a host runs, with its options ({@code udp-ping:loss=0.2}). */
public record ServiceSpec(String kind, Map<String, String> options) {
  public ServiceSpec {
    options = Map.copyOf(options);
  }

  public String option(String key, String fallback) {
    return options.getOrDefault(key, fallback);
  }
}
