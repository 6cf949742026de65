package org.minternet.http.wire;

/** A parsed request line and header section, with the framing of the body that follows. */
public record RequestHead(RequestLine line, Headers headers, BodyFraming framing) {
  public String method() {
    return line.method();
  }

  public String target() {
    return line.target();
  }

  public HttpVersion version() {
    return line.version();
  }
}
