package org.minternet.core.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LineReaderTest {
  private static LineReader strict(String s, int max) {
    return new LineReader(new ByteArrayInputStream(s.getBytes(StandardCharsets.ISO_8859_1)),
        LineReader.Endings.STRICT, max);
  }

  private static LineReader lenient(String s, int max) {
    return new LineReader(new ByteArrayInputStream(s.getBytes(StandardCharsets.ISO_8859_1)),
        LineReader.Endings.LENIENT, max);
  }

  /** Delivers one byte per read, so lines span every buffer boundary. */
  private static InputStream trickle(String s) {
    return new FilterInputStream(new ByteArrayInputStream(s.getBytes(StandardCharsets.ISO_8859_1))) {
      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        return super.read(b, off, Math.min(1, len));
      }
    };
  }

  @Test
  void readsCrlfLinesThenEndOfStream() throws IOException {
    LineReader r = strict("HELO a\r\nMAIL FROM:<x>\r\n\r\n", 100);
    assertThat(r.readLine()).isEqualTo("HELO a");
    assertThat(r.readLine()).isEqualTo("MAIL FROM:<x>");
    assertThat(r.readLine()).isEmpty();
    assertThat(r.readLine()).isNull();
  }

  @Test
  void strictRejectsBareLf() throws IOException {
    LineReader r = strict("one\ntwo\r\n", 100);
    assertThatThrownBy(r::readLine).isInstanceOf(MalformedLineException.class);
    assertThat(r.readLine()).isEqualTo("two");
  }

  @Test
  void strictRejectsCrNotFollowedByLf() throws IOException {
    LineReader r = strict("a\rb\r\nnext\r\n", 100);
    assertThatThrownBy(r::readLine).isInstanceOf(MalformedLineException.class);
    assertThat(r.readLine()).isEqualTo("next");
  }

  @Test
  void lenientAcceptsBareLfAndKeepsLoneCr() throws IOException {
    LineReader r = lenient("one\ntwo\r\nth\rree\n", 100);
    assertThat(r.readLine()).isEqualTo("one");
    assertThat(r.readLine()).isEqualTo("two");
    assertThat(r.readLine()).isEqualTo("th\rree");
  }

  @Test
  void tooLongLineIsSkippedAndReaderRecovers() throws IOException {
    LineReader r = strict("x".repeat(50) + "\r\nok\r\n", 10);
    assertThatThrownBy(r::readLine).isInstanceOfSatisfying(LineTooLongException.class,
        e -> assertThat(e.recovered()).isTrue());
    assertThat(r.readLine()).isEqualTo("ok");
  }

  @Test
  void lineOfExactlyTheLimitIsAccepted() throws IOException {
    LineReader r = strict("x".repeat(10) + "\r\n", 10);
    assertThat(r.readLine()).hasSize(10);
  }

  @Test
  void endlessLineIsNotRecovered() {
    byte[] endless = new byte[200_000];
    java.util.Arrays.fill(endless, (byte) 'a');
    LineReader r = new LineReader(new ByteArrayInputStream(endless), LineReader.Endings.STRICT, 100, 1000);
    assertThatThrownBy(r::readLine).isInstanceOfSatisfying(LineTooLongException.class,
        e -> assertThat(e.recovered()).isFalse());
  }

  @Test
  void linesSpanningBufferBoundariesIncludingCrlfSplit() throws IOException {
    LineReader r = new LineReader(trickle("abc\r\ndef\r\n"), LineReader.Endings.STRICT, 100);
    assertThat(r.readLine()).isEqualTo("abc");
    assertThat(r.readLine()).isEqualTo("def");
    assertThat(r.readLine()).isNull();
  }

  @Test
  void longLineAcrossManyFillsIsLimited() {
    LineReader r = new LineReader(trickle("y".repeat(300) + "\r\n"), LineReader.Endings.STRICT, 100);
    assertThatThrownBy(r::readLine).isInstanceOf(LineTooLongException.class);
  }

  @Test
  void exactByteCountsFollowALine() throws IOException {
    LineReader r = strict("A1 APPEND {5}\r\nhello tail\r\n", 100);
    assertThat(r.readLine()).isEqualTo("A1 APPEND {5}");
    assertThat(new String(r.readExactly(5), StandardCharsets.US_ASCII)).isEqualTo("hello");
    assertThat(r.readLine()).isEqualTo(" tail");
  }

  @Test
  void endOfStreamInsideALineOrCountIsAnError() {
    assertThatThrownBy(() -> strict("partial", 100).readLine()).isInstanceOf(EOFException.class);
    LineReader r = strict("abc", 100);
    assertThatThrownBy(() -> r.readExactly(10)).isInstanceOf(EOFException.class);
  }

  @Test
  void replacingTheInputDiscardsPipelinedBytes() throws IOException {
    LineReader r = strict("STARTTLS\r\nMAIL FROM:<evil>\r\n", 100);
    assertThat(r.readLine()).isEqualTo("STARTTLS");
    int discarded = r.replaceInput(new ByteArrayInputStream("EHLO x\r\n".getBytes(StandardCharsets.US_ASCII)));
    assertThat(discarded).isEqualTo("MAIL FROM:<evil>\r\n".length());
    assertThat(r.readLine()).isEqualTo("EHLO x");
  }
}
