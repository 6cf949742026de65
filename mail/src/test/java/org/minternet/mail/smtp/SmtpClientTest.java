package org.minternet.mail.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The client's codec parts with literal bytes, and its reply reader against a scripted server. */
class SmtpClientTest {
  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  @Test
  void dotStuffingAndLineEnds() {
    assertThat(SmtpClient.dotStuff(b(".a\r\nb\r\n.\r\n..c\r\n"))).isEqualTo(b("..a\r\nb\r\n..\r\n...c\r\n"));
    // bare LF and lone CR become CRLF, a missing final line end is added
    assertThat(SmtpClient.dotStuff(b("x\n.y\rz"))).isEqualTo(b("x\r\n..y\r\nz\r\n"));
    assertThat(SmtpClient.dotStuff(b(""))).isEmpty();
  }

  @Test
  void replyLines() {
    SmtpReply r = SmtpReply.multi(250, null, List.of("mx greets you", "PIPELINING", "SIZE 10"));
    assertThat(r.lines()).containsExactly("250-mx greets you", "250-PIPELINING", "250 SIZE 10");
    assertThat(SmtpReply.of(550, "5.1.1", "No such user").lines()).containsExactly("550 5.1.1 No such user");
    assertThat(SmtpReply.of(334, null, "").lines()).containsExactly("334 ");
    assertThatThrownBy(() -> SmtpReply.of(99, null, "x")).isInstanceOf(IllegalArgumentException.class);
  }

  /** Runs a server that sends {@code script} after accepting, then reads the client's replies. */
  private static SmtpReply readFrom(String script) throws Exception {
    try (ServerSocket ss = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Thread t = Thread.ofVirtual().start(() -> {
        try (Socket s = ss.accept(); OutputStream out = s.getOutputStream(); InputStream in = s.getInputStream()) {
          out.write(b(script));
          out.flush();
          if (!script.isEmpty()) in.read();
        } catch (IOException ignored) {
          // the client closed
        }
      });
      try (SmtpClient c = SmtpClient.connect(new InetSocketAddress("127.0.0.1", ss.getLocalPort()), "x", null,
          Duration.ofSeconds(5), null)) {
        return c.greeting();
      } finally {
        t.join(5000);
      }
    }
  }

  @Test
  void parsesMultiLineRepliesAndEnhancedCodes() throws Exception {
    SmtpReply r = readFrom("250-first\r\n250-2.0.0 second\r\n250 2.1.5 last\r\n");
    assertThat(r.code()).isEqualTo(250);
    assertThat(r.status()).isEqualTo("2.1.5");
    assertThat(r.text()).containsExactly("first", "second", "last");
    SmtpReply bare = readFrom("220\r\n");
    assertThat(bare.code()).isEqualTo(220);
    // a status whose class differs from the code is text, not a status
    assertThat(readFrom("550 2.0.0 odd\r\n").status()).isNull();
  }

  @Test
  void refusesMalformedReplies() {
    assertThatThrownBy(() -> readFrom("hello\r\n")).isInstanceOf(IOException.class).hasMessageContaining("malformed");
    assertThatThrownBy(() -> readFrom("250-a\r\n354 b\r\n")).isInstanceOf(IOException.class)
        .hasMessageContaining("inconsistent");
    assertThatThrownBy(() -> readFrom("250x\r\n")).isInstanceOf(IOException.class);
    assertThatThrownBy(() -> readFrom("250-a\r\n".repeat(SmtpClient.MAX_REPLY_LINES + 1)))
        .isInstanceOf(IOException.class).hasMessageContaining("too long");
    assertThatThrownBy(() -> readFrom("")).isInstanceOf(java.io.EOFException.class);
  }
}
