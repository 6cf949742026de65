package org.minternet.dns.wire;

/**
 * A DNS message or presentation-format text that cannot be decoded. The server answers it with
 * FORMERR (or drops it on UDP when not even the header is readable); the text is for logs and
 * never sent to a peer.
 */
public final class WireFormatException extends Exception {
  public WireFormatException(String message) {
    super(message);
  }
}
