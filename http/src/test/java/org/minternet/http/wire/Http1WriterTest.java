package org.minternet.http.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class Http1WriterTest {
  private static Headers framed(String method, BodyFraming framing) {
    Headers.Builder h = Headers.builder();
    h.add("Host", "x");
    Http1Writer.requestFraming(h, method, framing);
    return h.build();
  }

  @Test
  void requestBodiesAreFramedByLengthOrChunked() {
    assertThat(framed("PUT", new BodyFraming.Length(7)).get("Content-Length")).isEqualTo("7");
    Headers chunked = framed("POST", BodyFraming.CHUNKED);
    assertThat(chunked.get("Transfer-Encoding")).isEqualTo("chunked");
    assertThat(chunked.get("Content-Length")).isNull();
  }

  @Test
  void aPostOrPutWithoutABodySaysContentLengthZeroAndAGetSaysNothing() {
    assertThat(framed("POST", BodyFraming.NONE).get("Content-Length")).isEqualTo("0");
    assertThat(framed("PUT", BodyFraming.NONE).get("Content-Length")).isEqualTo("0");
    Headers get = framed("GET", BodyFraming.NONE);
    assertThat(get.get("Content-Length")).isNull();
    assertThat(get.get("Transfer-Encoding")).isNull();
  }

  @Test
  void errorBodiesCarryTheCodeAndItsReason() {
    assertThat(new String(Status.errorBody(508), StandardCharsets.US_ASCII))
        .isEqualTo("508 Loop Detected\n");
    assertThat(new String(Status.errorBody(405), StandardCharsets.US_ASCII))
        .isEqualTo("405 Method Not Allowed\n");
  }
}
