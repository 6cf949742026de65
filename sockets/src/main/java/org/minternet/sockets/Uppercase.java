package org.minternet.sockets;

/**
 * The textbook's application protocol: the server answers with the client's text in upper case.
 * Works on bytes, changing only ASCII letters, so any input (UTF-8 or not) round-trips safely.
 */
public final class Uppercase {
  private Uppercase() {}

  public static byte[] apply(byte[] data, int offset, int length) {
    byte[] out = new byte[length];
    for (int i = 0; i < length; i++) {
      byte b = data[offset + i];
      out[i] = (b >= 'a' && b <= 'z') ? (byte) (b - 32) : b;
    }
    return out;
  }

  public static byte[] apply(byte[] data) {
    return apply(data, 0, data.length);
  }

  /** Applies the protocol in place to {@code length} bytes from {@code offset}. */
  public static void applyInPlace(byte[] data, int offset, int length) {
    for (int i = offset; i < offset + length; i++) {
      byte b = data[i];
      if (b >= 'a' && b <= 'z') data[i] = (byte) (b - 32);
    }
  }
}
