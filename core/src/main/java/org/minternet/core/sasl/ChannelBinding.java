package org.minternet.core.sasl;

import java.util.Objects;

/**
 * Channel binding data of the connection (RFC 5056), for the SCRAM {@code -PLUS} mechanisms:
 * {@code tls-exporter} (RFC 9266, for TLS 1.3) or {@code tls-unique} (RFC 5929, TLS 1.2).
 * {@link #NONE} when the connection has none (no TLS, or the TLS stack cannot export it).
 */
public record ChannelBinding(String type, byte[] data) {
  public static final ChannelBinding NONE = new ChannelBinding("", new byte[0]);

  public ChannelBinding {
    Objects.requireNonNull(type);
    data = data.clone();
  }

  public static ChannelBinding tlsExporter(byte[] keyingMaterial) {
    return new ChannelBinding("tls-exporter", keyingMaterial);
  }

  public static ChannelBinding tlsUnique(byte[] finishedMessage) {
    return new ChannelBinding("tls-unique", finishedMessage);
  }

  public boolean isPresent() {
    return !type.isEmpty();
  }

  @Override
  public byte[] data() {
    return data.clone();
  }
}
