package org.minternet.http.wire;

/** How the body of a message is delimited (RFC 9112 §6.3). */
public sealed interface BodyFraming {
  /** No body at all. */
  record None() implements BodyFraming {}

  /** Exactly {@code length} bytes. */
  record Length(long length) implements BodyFraming {}

  /** The chunked transfer coding. */
  record Chunked() implements BodyFraming {}

  /** A response read until the server closes the connection. */
  record UntilClose() implements BodyFraming {}

  BodyFraming NONE = new None();
  BodyFraming CHUNKED = new Chunked();
  BodyFraming UNTIL_CLOSE = new UntilClose();
}
