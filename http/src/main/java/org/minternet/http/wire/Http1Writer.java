package org.minternet.http.wire;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** Writes message heads (RFC 9112 §3, §4, §5). The caller writes the body and flushes. */
public final class Http1Writer {
  private Http1Writer() {}

  public static void writeRequestHead(OutputStream out, RequestLine line, Headers headers)
      throws IOException {
    out.write(encode(line.toString(), headers));
  }

  public static void writeResponseHead(OutputStream out, StatusLine line, Headers headers)
      throws IOException {
    out.write(encode(line.toString(), headers));
  }

  /** The head as bytes: start line, field lines, empty line. */
  public static byte[] encode(String startLine, Headers headers) {
    StringBuilder sb = new StringBuilder(256);
    sb.append(startLine).append("\r\n");
    for (Headers.Field f : headers.fields()) {
      sb.append(f.name()).append(": ").append(f.value()).append("\r\n");
    }
    sb.append("\r\n");
    return sb.toString().getBytes(StandardCharsets.ISO_8859_1);
  }
}
