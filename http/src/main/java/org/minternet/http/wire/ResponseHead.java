package org.minternet.http.wire;

/** A parsed status line and header section. */
public record ResponseHead(StatusLine status, Headers headers) {
  public int code() {
    return status.code();
  }
}
