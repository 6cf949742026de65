package org.minternet.dns.server;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** DNS messages over TCP in tests: the two-byte length, then the message (RFC 1035 §4.2.2). */
public final class TcpFrames {
  private TcpFrames() {}

  /** Writes one framed message and flushes. */
  public static void write(OutputStream out, byte[] message) throws IOException {
    out.write(frame(message));
    out.flush();
  }

  /** The message with its length in front. */
  public static byte[] frame(byte[] message) {
    byte[] framed = new byte[message.length + 2];
    framed[0] = (byte) (message.length >>> 8);
    framed[1] = (byte) message.length;
    System.arraycopy(message, 0, framed, 2, message.length);
    return framed;
  }

  /** Reads one framed message. */
  public static byte[] read(InputStream in) throws IOException {
    DataInputStream d = new DataInputStream(in);
    byte[] b = new byte[d.readUnsignedShort()];
    d.readFully(b);
    return b;
  }
}
