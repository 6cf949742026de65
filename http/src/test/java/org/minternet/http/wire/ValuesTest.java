package org.minternet.http.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ValuesTest {
  private static ByteRange.Outcome range(String h, long size) {
    return ByteRange.evaluate(h, size, 16);
  }

  @Test
  void byteRanges() {
    assertThat(range("bytes=0-99", 1000)).isEqualTo(new ByteRange.Outcome.Ranges(List.of(new ByteRange(0, 99))));
    assertThat(range("bytes=900-", 1000)).isEqualTo(new ByteRange.Outcome.Ranges(List.of(new ByteRange(900, 999))));
    assertThat(range("bytes=-100", 1000)).isEqualTo(new ByteRange.Outcome.Ranges(List.of(new ByteRange(900, 999))));
    assertThat(range("bytes=-5000", 1000)).isEqualTo(new ByteRange.Outcome.Ranges(List.of(new ByteRange(0, 999))));
    assertThat(range("bytes=990-2000", 1000)).isEqualTo(new ByteRange.Outcome.Ranges(List.of(new ByteRange(990, 999))));
    assertThat(range("bytes=0-0,5-6", 1000)).isEqualTo(new ByteRange.Outcome.Ranges(
        List.of(new ByteRange(0, 0), new ByteRange(5, 6))));
  }

  @Test
  void unsatisfiableRanges() {
    assertThat(range("bytes=1000-", 1000)).isInstanceOf(ByteRange.Outcome.Unsatisfiable.class);
    assertThat(range("bytes=-0", 1000)).isInstanceOf(ByteRange.Outcome.Unsatisfiable.class);
    assertThat(range("bytes=0-", 0)).isInstanceOf(ByteRange.Outcome.Unsatisfiable.class);
  }

  @Test
  void invalidRangesAreIgnored() {
    assertThat(range("items=0-5", 1000)).isInstanceOf(ByteRange.Outcome.Whole.class);
    assertThat(range("bytes=5-1", 1000)).isInstanceOf(ByteRange.Outcome.Whole.class);
    assertThat(range("bytes=a-b", 1000)).isInstanceOf(ByteRange.Outcome.Whole.class);
    assertThat(range("bytes=-", 1000)).isInstanceOf(ByteRange.Outcome.Whole.class);
    assertThat(range("bytes=" + "0-1,".repeat(20) + "0-1", 1000)).isInstanceOf(ByteRange.Outcome.Whole.class);
    assertThat(range("bytes=99999999999999999999-", 1000)).isInstanceOf(ByteRange.Outcome.Whole.class);
  }

  @Test
  void entityTagComparison() {
    EntityTag strong = EntityTag.parse("\"abc\"");
    EntityTag weak = EntityTag.parse("W/\"abc\"");
    assertThat(strong.strongMatch(strong)).isTrue();
    assertThat(strong.strongMatch(weak)).isFalse();
    assertThat(strong.weakMatch(weak)).isTrue();
    assertThat(EntityTag.parse("abc")).isNull();
    assertThat(EntityTag.parseList("\"a\", W/\"b\" , bad")).hasSize(2);
  }

  @Test
  void httpDates() {
    Instant t = Instant.parse("1994-11-06T08:49:37Z");
    assertThat(HttpDate.parse("Sun, 06 Nov 1994 08:49:37 GMT")).isEqualTo(t);
    assertThat(HttpDate.parse("Sunday, 06-Nov-94 08:49:37 GMT")).isEqualTo(t);
    assertThat(HttpDate.parse("Sun Nov  6 08:49:37 1994")).isEqualTo(t);
    assertThat(HttpDate.format(t)).isEqualTo("Sun, 06 Nov 1994 08:49:37 GMT");
    assertThat(HttpDate.parse("yesterday")).isNull();
  }

  @Test
  void urlEncodedForm() throws Exception {
    assertThat(FormData.urlEncoded("a=1&b=x+y&c=%41%c3%a9&a=2&d"))
        .containsEntry("a", List.of("1", "2")).containsEntry("b", List.of("x y"))
        .containsEntry("c", List.of("Aé")).containsEntry("d", List.of(""));
    assertThatThrownBy(() -> FormData.urlEncoded("a=%zz")).isInstanceOf(HttpException.class);
    assertThatThrownBy(() -> FormData.urlEncoded("a=%4")).isInstanceOf(HttpException.class);
  }

  @Test
  void multipartForm() throws Exception {
    String body = "preamble\r\n--XyZ\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\n"
        + "Hello\r\n--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n"
        + "Content-Type: text/plain\r\n\r\nline1\r\nline2\r\n--XyZ--\r\n";
    List<FormData.Part> parts = FormData.multipart(body.getBytes(StandardCharsets.UTF_8), "XyZ", 10);
    assertThat(parts).hasSize(2);
    assertThat(parts.get(0).name()).isEqualTo("title");
    assertThat(parts.get(0).text()).isEqualTo("Hello");
    assertThat(parts.get(1).filename()).isEqualTo("a.txt");
    assertThat(parts.get(1).text()).isEqualTo("line1\r\nline2");
  }

  @Test
  void malformedMultipartIs400() {
    byte[] unterminated = "--b\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nxx"
        .getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> FormData.multipart(unterminated, "b", 10)).isInstanceOf(HttpException.class);
    byte[] noDisposition = "--b\r\nContent-Type: text/plain\r\n\r\nxx\r\n--b--".getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> FormData.multipart(noDisposition, "b", 10)).isInstanceOf(HttpException.class);
    assertThatThrownBy(() -> FormData.multipart(new byte[0], null, 10)).isInstanceOf(HttpException.class);
  }

  @Test
  void mediaTypeParameters() {
    assertThat(FormData.parameter("multipart/form-data; boundary=\"a b\"", "boundary")).isEqualTo("a b");
    assertThat(FormData.essence("Text/HTML; charset=utf-8")).isEqualTo("text/html");
  }
}
