package org.minternet.http.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.minternet.http.wire.Headers;

/** Content codings with literal bytes: which are removed, both deflate formats, bad data. */
class ContentDecodingTest {
  private static byte[] hex(String s) {
    return HexFormat.of().parseHex(s);
  }

  private static byte[] decode(byte[] body, String... codings) throws IOException {
    ContentDecoding.Plan plan = ContentDecoding.plan(List.of(codings), true);
    ContentDecoding.Wire wire = new ContentDecoding.Wire(new ByteArrayInputStream(body));
    try (InputStream in = ContentDecoding.open(wire, plan, 1 << 20, "http://a.test/x")) {
      return in.readAllBytes();
    }
  }

  @Test
  void codingsAreListedInTheOrderAppliedWithoutIdentity() {
    Headers h = Headers.builder().add("Content-Encoding", "deflate, Identity")
        .add("Content-Encoding", " X-GZIP ,, br").build();
    assertThat(ContentDecoding.codings(h)).containsExactly("deflate", "x-gzip", "br");
    assertThat(ContentDecoding.codings(Headers.EMPTY)).isEmpty();
  }

  @Test
  void knownCodingsAreRemovedFromTheLastUpToTheFirstUnknown() {
    assertThat(ContentDecoding.plan(List.of("br", "deflate", "gzip"), true))
        .isEqualTo(new ContentDecoding.Plan(List.of("deflate", "gzip"), List.of("br")));
    assertThat(ContentDecoding.plan(List.of("gzip", "br"), true))
        .isEqualTo(new ContentDecoding.Plan(List.of(), List.of("gzip", "br")));
    assertThat(ContentDecoding.plan(List.of("gzip"), false))
        .isEqualTo(new ContentDecoding.Plan(List.of(), List.of("gzip")));
  }

  @Test
  void atMostFourLayersAreRemoved() {
    ContentDecoding.Plan plan = ContentDecoding.plan(List.of("gzip", "gzip", "gzip", "gzip",
        "gzip", "gzip"), true);
    assertThat(plan.decoded()).hasSize(ContentDecoding.MAX_CODINGS);
    assertThat(plan.kept()).hasSize(2);
  }

  @Test
  void deflateIsZlibOrRaw() throws IOException {
    assertThat(decode(hex("789ccbc80400013b00d2"), "deflate")).isEqualTo("hi".getBytes());
    assertThat(decode(hex("cbc80400"), "deflate")).isEqualTo("hi".getBytes());
    assertThat(decode(new byte[0], "deflate")).isEmpty();
  }

  @Test
  void gzipLiteral() throws IOException {
    // gzip of "hi": header, raw deflate data, CRC-32 and length
    byte[] gz = hex("1f8b0800000000000003" + "cbc80400" + "ac2a93d8" + "02000000");
    assertThat(decode(gz, "gzip")).isEqualTo("hi".getBytes());
    assertThat(decode(gz, "x-gzip")).isEqualTo("hi".getBytes());
  }

  @Test
  void badDataIsAContentDecodingException() {
    assertThatThrownBy(() -> decode(hex("1f8b0800000000000003cbc80400ffffffff02000000"), "gzip"))
        .isInstanceOf(ContentDecodingException.class).hasMessageContaining("corrupt");
    assertThatThrownBy(() -> decode(hex("1f8b08000000"), "gzip"))
        .isInstanceOf(ContentDecodingException.class).hasMessageContaining("truncated");
    assertThatThrownBy(() -> decode(hex("0000"), "gzip"))
        .isInstanceOf(ContentDecodingException.class)
        .hasMessageStartingWith("gzip content of http://a.test/x is corrupt");
  }

  @Test
  void aFailingTransportIsNotADecodingError() {
    InputStream broken = new SequenceInputStream(new ByteArrayInputStream(hex("1f8b08")),
        new InputStream() {
          @Override
          public int read() throws IOException {
            throw new IOException("connection reset");
          }
        });
    ContentDecoding.Wire wire = new ContentDecoding.Wire(broken);
    assertThatThrownBy(() -> ContentDecoding.open(wire,
        ContentDecoding.plan(List.of("gzip"), true), 1 << 20, "x").readAllBytes())
        .isNotInstanceOf(ContentDecodingException.class).hasMessage("connection reset");
  }

  @Test
  void theDecodedSizeIsBounded() throws IOException {
    byte[] zeros = ClientCompressionTest.gzip(new byte[100_000]);
    ContentDecoding.Wire wire = new ContentDecoding.Wire(new ByteArrayInputStream(zeros));
    InputStream in = ContentDecoding.open(wire, ContentDecoding.plan(List.of("gzip"), true),
        50_000, "x");
    assertThatThrownBy(in::readAllBytes).isInstanceOf(ContentDecodingException.class)
        .hasMessageContaining("decodes to more than 50000 bytes");
    ContentDecoding.Wire exact = new ContentDecoding.Wire(new ByteArrayInputStream(zeros));
    assertThat(ContentDecoding.open(exact, ContentDecoding.plan(List.of("gzip"), true), 100_000,
        "x").readAllBytes()).hasSize(100_000);
  }
}
