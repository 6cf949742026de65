package org.minternet.http;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A cookie session: string attributes kept in the store under a random ID (RFC 6265 and the
 * textbook's four components: Set-Cookie, Cookie, the back-end database, the application).
 * Changes are saved when the response is sent.
 */
public final class Session {
  private final String id;
  private final Map<String, String> attributes;
  private final boolean fresh;
  private boolean dirty;

  Session(String id, Map<String, String> attributes, boolean fresh) {
    this.id = id;
    this.attributes = new LinkedHashMap<>(attributes);
    this.fresh = fresh;
  }

  public String id() {
    return id;
  }

  public String get(String name) {
    return attributes.get(name);
  }

  public void put(String name, String value) {
    attributes.put(name, value);
    dirty = true;
  }

  public void remove(String name) {
    if (attributes.remove(name) != null) dirty = true;
  }

  public Map<String, String> attributes() {
    return Map.copyOf(attributes);
  }

  /** True when the session was created by this request (the cookie must be set). */
  public boolean isNew() {
    return fresh;
  }

  boolean dirty() {
    return dirty;
  }
}
