package org.minternet.http.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.minternet.core.io.LineReader;

class Http1ReaderTest {
  private static LineReader reader(String raw) {
    return new LineReader(new ByteArrayInputStream(raw.getBytes(StandardCharsets.ISO_8859_1)),
        LineReader.Endings.STRICT, 65536);
  }

  private static RequestHead head(String raw) throws Exception {
    return Http1Reader.readRequestHead(reader(raw), Limits.DEFAULT);
  }

  private static int status(String raw) {
    try {
      head(raw);
    } catch (HttpException e) {
      return e.status();
    } catch (Exception e) {
      throw new AssertionError("unexpected " + e);
    }
    throw new AssertionError("accepted: " + raw);
  }

  @Test
  void parsesRequestLineAndFields() throws Exception {
    RequestHead h = head("GET /a/b?x=1 HTTP/1.1\r\nHost: gaia.cs.umass.edu\r\n"
        + "Accept:  text/html \r\nX-Two: 1\r\nx-two: 2\r\n\r\n");
    assertThat(h.method()).isEqualTo("GET");
    assertThat(h.target()).isEqualTo("/a/b?x=1");
    assertThat(h.version()).isEqualTo(HttpVersion.HTTP_1_1);
    assertThat(h.headers().get("host")).isEqualTo("gaia.cs.umass.edu");
    assertThat(h.headers().get("Accept")).isEqualTo("text/html");
    assertThat(h.headers().all("X-Two")).containsExactly("1", "2");
    assertThat(h.framing()).isEqualTo(BodyFraming.NONE);
  }

  @Test
  void endOfStreamBeforeRequestIsNull() throws Exception {
    assertThat(head("")).isNull();
  }

  @Test
  void endOfStreamInsideHeadIsEof() {
    assertThatThrownBy(() -> head("GET / HTTP/1.1\r\nHost: x\r\n")).isInstanceOf(EOFException.class);
  }

  @Test
  void leadingEmptyLinesAreSkipped() throws Exception {
    assertThat(head("\r\n\r\nGET / HTTP/1.1\r\nHost: x\r\n\r\n").method()).isEqualTo("GET");
  }

  @Test
  void tooManyLeadingEmptyLinesAre400() {
    assertThat(status("\r\n".repeat(10) + "GET / HTTP/1.1\r\n\r\n")).isEqualTo(400);
  }

  @Test
  void longRequestLineIs414() {
    assertThat(status("GET /" + "a".repeat(9000) + " HTTP/1.1\r\nHost: x\r\n\r\n")).isEqualTo(414);
  }

  @Test
  void largeHeaderSectionIs431() {
    StringBuilder sb = new StringBuilder("GET / HTTP/1.1\r\nHost: x\r\n");
    for (int i = 0; i < 40; i++) sb.append("X-Pad-").append(i).append(": ").append("v".repeat(1000)).append("\r\n");
    assertThat(status(sb.append("\r\n").toString())).isEqualTo(431);
  }

  @Test
  void oneHugeFieldIs431() {
    assertThat(status("GET / HTTP/1.1\r\nCookie: " + "c".repeat(40000) + "\r\n\r\n")).isEqualTo(431);
  }

  @Test
  void tooManyFieldsAre431() {
    StringBuilder sb = new StringBuilder("GET / HTTP/1.1\r\n");
    for (int i = 0; i < 101; i++) sb.append("X").append(i).append(": 1\r\n");
    assertThat(status(sb.append("\r\n").toString())).isEqualTo(431);
  }

  @Test
  void malformedRequestLinesAre400() {
    assertThat(status("GET /\r\n\r\n")).isEqualTo(400);
    assertThat(status("GET  / HTTP/1.1\r\n\r\n")).isEqualTo(400);
    assertThat(status("GET / HTTP/1.1 \r\n\r\n")).isEqualTo(400);
    assertThat(status("G(T / HTTP/1.1\r\n\r\n")).isEqualTo(400);
    assertThat(status("GET / http/1.1\r\n\r\n")).isEqualTo(400);
    assertThat(status("GET / HTTP/1.10\r\n\r\n")).isEqualTo(400);
    assertThat(status("GET /a\u0001b HTTP/1.1\r\n\r\n")).isEqualTo(400);
  }

  @Test
  void otherMajorVersionIs505() {
    assertThat(status("GET / HTTP/2.0\r\nHost: x\r\n\r\n")).isEqualTo(505);
    assertThat(status("GET / HTTP/0.9\r\nHost: x\r\n\r\n")).isEqualTo(505);
  }

  @Test
  void whitespaceBeforeColonIs400() {
    assertThat(status("GET / HTTP/1.1\r\nHost : x\r\n\r\n")).isEqualTo(400);
    assertThat(status("GET / HTTP/1.1\r\nContent-Length\t: 5\r\n\r\n")).isEqualTo(400);
  }

  @Test
  void obsoleteLineFoldingIs400() {
    assertThat(status("GET / HTTP/1.1\r\nHost: x\r\nX-A: 1\r\n 2\r\n\r\n")).isEqualTo(400);
    assertThat(status("GET / HTTP/1.1\r\nHost: x\r\nX-A: 1\r\n\t2\r\n\r\n")).isEqualTo(400);
  }

  @Test
  void bareCrIs400() {
    assertThat(status("GET / HTTP/1.1\r\nHost: x\r\nX-A: a\rb\r\n\r\n")).isEqualTo(400);
    assertThat(status("GET / HTTP/1.1\rHost: x\r\n\r\n")).isEqualTo(400);
  }

  @Test
  void bareLfIs400() {
    assertThat(status("GET / HTTP/1.1\nHost: x\n\n")).isEqualTo(400);
  }

  @Test
  void controlCharacterInValueIs400() {
    assertThat(status("GET / HTTP/1.1\r\nHost: x\r\nX-A: a\u0000b\r\n\r\n")).isEqualTo(400);
  }

  @Test
  void fieldWithoutColonOrNameIs400() {
    assertThat(status("GET / HTTP/1.1\r\nHost x\r\n\r\n")).isEqualTo(400);
    assertThat(status("GET / HTTP/1.1\r\n: x\r\n\r\n")).isEqualTo(400);
  }

  @Test
  void contentLengthWithTransferEncodingIs400() {
    HttpException e = exception("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n"
        + "Transfer-Encoding: chunked\r\n\r\n");
    assertThat(e.status()).isEqualTo(400);
    assertThat(e.close()).isTrue();
  }

  @Test
  void malformedContentLengthsAre400() {
    for (String v : new String[] {"+16", "0x10", "-1", "", "1 6", "16a", " ", "1_0",
        "1234567890123456789"}) {
      assertThat(status("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: " + v + "\r\n\r\n"))
          .as(v).isEqualTo(400);
    }
  }

  @Test
  void differingContentLengthsAre400() {
    assertThat(status("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5, 6\r\n\r\n")).isEqualTo(400);
    assertThat(status("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n"))
        .isEqualTo(400);
  }

  @Test
  void identicalContentLengthListIsAccepted() throws Exception {
    RequestHead h = head("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5, 5\r\nContent-Length: 5\r\n\r\n");
    assertThat(h.framing()).isEqualTo(new BodyFraming.Length(5));
  }

  @Test
  void unknownTransferCodingIs501() {
    assertThat(status("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip, chunked\r\n\r\n"))
        .isEqualTo(501);
    assertThat(status("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: xchunked\r\n\r\n"))
        .isEqualTo(501);
  }

  @Test
  void chunkedNotFinalOrRepeatedIs400() {
    assertThat(status("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked, chunked\r\n\r\n"))
        .isEqualTo(400);
    assertThat(status("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
        + "Transfer-Encoding: chunked\r\n\r\n")).isEqualTo(400);
    assertThat(status("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: ,\r\n\r\n")).isEqualTo(400);
  }

  @Test
  void transferEncodingInHttp10Is400() {
    assertThat(status("POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n")).isEqualTo(400);
  }

  @Test
  void transferEncodingIsCaseInsensitive() throws Exception {
    assertThat(head("POST / HTTP/1.1\r\nHost: x\r\ntransfer-encoding: Chunked\r\n\r\n").framing())
        .isEqualTo(BodyFraming.CHUNKED);
  }

  private static HttpException exception(String raw) {
    try {
      head(raw);
    } catch (HttpException e) {
      return e;
    } catch (Exception e) {
      throw new AssertionError(e);
    }
    throw new AssertionError("accepted");
  }

  // --- bodies ---

  private static String bodyThenNext(String raw, long max) throws Exception {
    LineReader in = reader(raw);
    RequestHead h = Http1Reader.readRequestHead(in, Limits.DEFAULT);
    InputStream body = Http1Reader.body(in, h.framing(), max, Limits.DEFAULT);
    String text = new String(Http1Reader.readAll(body, max), StandardCharsets.ISO_8859_1);
    RequestHead next = Http1Reader.readRequestHead(in, Limits.DEFAULT);
    return text + "|" + (next == null ? "-" : next.target());
  }

  @Test
  void contentLengthBodyLeavesNextRequestIntact() throws Exception {
    assertThat(bodyThenNext("POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello"
        + "GET /next HTTP/1.1\r\nHost: x\r\n\r\n", 100)).isEqualTo("hello|/next");
  }

  @Test
  void chunkedBodyLeavesNextRequestIntact() throws Exception {
    assertThat(bodyThenNext("POST /a HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
        + "5\r\nhello\r\n6;name=val\r\n world\r\n0\r\nX-Trailer: 1\r\n\r\n"
        + "GET /next HTTP/1.1\r\nHost: x\r\n\r\n", 100)).isEqualTo("hello world|/next");
  }

  @Test
  void chunkSizeInUpperCaseHex() throws Exception {
    String data = "a".repeat(0x1A);
    assertThat(bodyThenNext("POST /a HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
        + "1A\r\n" + data + "\r\n0\r\n\r\n", 100)).isEqualTo(data + "|-");
  }

  private static int bodyStatus(String chunks, long max) {
    try {
      bodyThenNext("POST /a HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n" + chunks, max);
    } catch (BodyException e) {
      return e.status();
    } catch (Exception e) {
      throw new AssertionError("unexpected " + e);
    }
    throw new AssertionError("accepted " + chunks);
  }

  @Test
  void chunkSizeOverflowIs400() {
    assertThat(bodyStatus("ffffffffffffffffff\r\nx\r\n0\r\n\r\n", Long.MAX_VALUE)).isEqualTo(400);
    assertThat(bodyStatus("10000000000000000\r\nx\r\n0\r\n\r\n", Long.MAX_VALUE)).isEqualTo(400);
  }

  @Test
  void malformedChunkSizesAre400() {
    assertThat(bodyStatus("0x5\r\nhello\r\n0\r\n\r\n", 100)).isEqualTo(400);
    assertThat(bodyStatus("+5\r\nhello\r\n0\r\n\r\n", 100)).isEqualTo(400);
    assertThat(bodyStatus("\r\nhello\r\n0\r\n\r\n", 100)).isEqualTo(400);
    assertThat(bodyStatus("5 5\r\nhello\r\n0\r\n\r\n", 100)).isEqualTo(400);
    assertThat(bodyStatus("5\nhello\r\n0\r\n\r\n", 100)).isEqualTo(400);
  }

  @Test
  void chunkDataNotFollowedByCrlfIs400() {
    assertThat(bodyStatus("3\r\nhello\r\n0\r\n\r\n", 100)).isEqualTo(400);
    assertThat(bodyStatus("5\r\nhello\n0\r\n\r\n", 100)).isEqualTo(400);
  }

  @Test
  void chunkedBodyOverLimitIs413() {
    assertThat(bodyStatus("5\r\nhello\r\n5\r\nworld\r\n0\r\n\r\n", 8)).isEqualTo(413);
  }

  @Test
  void contentLengthOverLimitIs413() throws Exception {
    LineReader in = reader("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n");
    RequestHead h = Http1Reader.readRequestHead(in, Limits.DEFAULT);
    assertThatThrownBy(() -> Http1Reader.body(in, h.framing(), 999, Limits.DEFAULT))
        .isInstanceOf(BodyException.class).extracting(e -> ((BodyException) e).status()).isEqualTo(413);
  }

  @Test
  void shortBodyIsEof() throws Exception {
    LineReader in = reader("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nabc");
    RequestHead h = Http1Reader.readRequestHead(in, Limits.DEFAULT);
    InputStream body = Http1Reader.body(in, h.framing(), 100, Limits.DEFAULT);
    assertThatThrownBy(() -> Http1Reader.readAll(body, 100)).isInstanceOf(EOFException.class);
  }

  @Test
  void trailerSectionIsBounded() {
    assertThat(bodyStatus("0\r\nX: " + "t".repeat(40000) + "\r\n\r\n", 100)).isEqualTo(400);
  }

  // --- responses ---

  @Test
  void parsesResponseHead() throws Exception {
    ResponseHead r = Http1Reader.readResponseHead(
        reader("HTTP/1.1 404 Not Found\r\nContent-Length: 3\r\n\r\nabc"), Limits.DEFAULT);
    assertThat(r.code()).isEqualTo(404);
    assertThat(r.status().reason()).isEqualTo("Not Found");
    assertThat(Http1Reader.responseFraming("GET", 404, r.headers())).isEqualTo(new BodyFraming.Length(3));
  }

  @Test
  void statusLineWithoutReason() throws Exception {
    assertThat(StatusLine.parse("HTTP/1.1 204").code()).isEqualTo(204);
    assertThat(StatusLine.parse("HTTP/1.1 200 ").reason()).isEmpty();
    assertThatThrownBy(() -> StatusLine.parse("HTTP/1.1 2000 OK")).isInstanceOf(HttpException.class);
    assertThatThrownBy(() -> StatusLine.parse("HTTP/1.1 abc OK")).isInstanceOf(HttpException.class);
  }

  @Test
  void responseFramingRules() throws Exception {
    Headers cl = Headers.of("Content-Length", "10");
    assertThat(Http1Reader.responseFraming("HEAD", 200, cl)).isEqualTo(BodyFraming.NONE);
    assertThat(Http1Reader.responseFraming("GET", 204, cl)).isEqualTo(BodyFraming.NONE);
    assertThat(Http1Reader.responseFraming("GET", 304, cl)).isEqualTo(BodyFraming.NONE);
    assertThat(Http1Reader.responseFraming("GET", 100, Headers.EMPTY)).isEqualTo(BodyFraming.NONE);
    assertThat(Http1Reader.responseFraming("GET", 200, Headers.of("Transfer-Encoding", "chunked",
        "Content-Length", "10"))).isEqualTo(BodyFraming.CHUNKED);
    assertThat(Http1Reader.responseFraming("GET", 200, Headers.of("Transfer-Encoding", "gzip")))
        .isEqualTo(BodyFraming.UNTIL_CLOSE);
    assertThat(Http1Reader.responseFraming("GET", 200, Headers.EMPTY)).isEqualTo(BodyFraming.UNTIL_CLOSE);
    assertThatThrownBy(() -> Http1Reader.responseFraming("GET", 200,
        Headers.of("Content-Length", "1, 2"))).isInstanceOf(HttpException.class);
  }

  @Test
  void chunkedOutputRoundTrips() throws IOException {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    try (ChunkedOutputStream c = new ChunkedOutputStream(out)) {
      c.write("hello".getBytes(StandardCharsets.US_ASCII));
      c.write(new byte[0]);
      c.write("0123456789abcdefg".getBytes(StandardCharsets.US_ASCII));
    }
    assertThat(out.toString(StandardCharsets.US_ASCII))
        .isEqualTo("5\r\nhello\r\n11\r\n0123456789abcdefg\r\n0\r\n\r\n");
    LineReader in = reader(out.toString(StandardCharsets.US_ASCII));
    InputStream body = Http1Reader.body(in, BodyFraming.CHUNKED, 100, Limits.DEFAULT);
    assertThat(new String(Http1Reader.readAll(body, 100), StandardCharsets.US_ASCII))
        .isEqualTo("hello0123456789abcdefg");
  }

  @Test
  void writerEncodesHead() {
    byte[] b = Http1Writer.encode("GET / HTTP/1.1", Headers.of("Host", "x", "Accept", "*/*"));
    assertThat(new String(b, StandardCharsets.US_ASCII))
        .isEqualTo("GET / HTTP/1.1\r\nHost: x\r\nAccept: */*\r\n\r\n");
  }

  @Test
  void headersRefuseInjection() {
    assertThatThrownBy(() -> Headers.builder().add("X", "a\r\nSet-Cookie: evil"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Headers.builder().add("X Y", "a"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
