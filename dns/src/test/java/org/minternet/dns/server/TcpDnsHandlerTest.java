package org.minternet.dns.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.minternet.core.net.TcpListener;
import org.minternet.dns.client.DnsClient;
import org.minternet.dns.wire.Message;
import org.minternet.dns.wire.Name;
import org.minternet.dns.wire.Question;
import org.minternet.dns.wire.RrTypes;

/** The limits of the one DNS-over-TCP handler, with a responder that echoes what it gets. */
class TcpDnsHandlerTest {
  static final TcpDnsHandler.Limits LIMITS = new TcpDnsHandler.Limits(Duration.ofSeconds(10),
      Duration.ofSeconds(5), 512, 1, 2);

  /** Echoes a message; "close" (as the message) gets no answer; "boom" throws. */
  static void echo(TcpDnsHandler.Exchange e) throws IOException {
    String text = new String(e.message(), java.nio.charset.StandardCharsets.US_ASCII);
    if (text.equals("close")) return;
    if (text.equals("boom")) throw new IllegalStateException("secret internal detail");
    e.reply(e.message());
  }

  static TcpListener listen(TcpDnsHandler.Limits limits) throws IOException {
    return TcpListener.builder().name("dns-test").bind(InetAddress.getLoopbackAddress()).port(0)
        .handler(new TcpDnsHandler(TcpDnsHandlerTest::echo, limits)).start();
  }

  static byte[] ascii(String s) {
    return s.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  }

  /** Reads to the end of the stream: what the server sent before closing (a reset counts as the end). */
  static byte[] rest(Socket s) throws IOException {
    s.setSoTimeout(20_000);
    InputStream in = s.getInputStream();
    java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
    byte[] buf = new byte[1024];
    try {
      for (int n; (n = in.read(buf)) >= 0; ) all.write(buf, 0, n);
    } catch (SocketException e) {
      // reset after close
    }
    return all.toByteArray();
  }

  @Test
  void pipelinedMessagesAreAnsweredInOrder() throws Exception {
    try (TcpListener l = listen(LIMITS); Socket s = new Socket(l.address(), l.port())) {
      java.io.ByteArrayOutputStream three = new java.io.ByteArrayOutputStream();
      for (String m : new String[] {"one", "two", "three"}) DnsClient.writeMessage(three, ascii(m));
      s.getOutputStream().write(three.toByteArray());
      s.getOutputStream().flush();
      s.setSoTimeout(10_000);
      assertThat(DnsClient.readMessage(s.getInputStream())).isEqualTo(ascii("one"));
      assertThat(DnsClient.readMessage(s.getInputStream())).isEqualTo(ascii("two"));
      assertThat(DnsClient.readMessage(s.getInputStream())).isEqualTo(ascii("three"));
    }
  }

  @Test
  void aMessageOverTheSizeLimitClosesTheConnectionUnread() throws Exception {
    try (TcpListener l = listen(LIMITS); Socket s = new Socket(l.address(), l.port())) {
      byte[] big = new byte[513];
      DnsClient.writeMessage(s.getOutputStream(), big);
      assertThat(rest(s)).isEmpty();
    }
  }

  @Test
  void aResponderErrorClosesTheConnectionWithoutItsText() throws Exception {
    try (TcpListener l = listen(LIMITS); Socket s = new Socket(l.address(), l.port())) {
      DnsClient.writeMessage(s.getOutputStream(), ascii("boom"));
      assertThat(rest(s)).isEmpty();
    }
    try (TcpListener l = listen(LIMITS); Socket s = new Socket(l.address(), l.port())) {
      DnsClient.writeMessage(s.getOutputStream(), ascii("close"));
      assertThat(rest(s)).as("a message without an answer ends the connection").isEmpty();
    }
  }

  @Test
  void connectionsBeyondTheLimitPerClientAreClosed() throws Exception {
    try (TcpListener l = listen(LIMITS); Socket a = new Socket(l.address(), l.port());
        Socket b = new Socket(l.address(), l.port())) {
      // both served (the handler has counted them) before the third comes
      for (Socket s : new Socket[] {a, b}) {
        DnsClient.writeMessage(s.getOutputStream(), ascii("hello"));
        s.setSoTimeout(10_000);
        assertThat(DnsClient.readMessage(s.getInputStream())).isEqualTo(ascii("hello"));
      }
      try (Socket c = new Socket(l.address(), l.port())) {
        assertThat(rest(c)).isEmpty();
      }
      DnsClient.writeMessage(a.getOutputStream(), ascii("still"));
      assertThat(DnsClient.readMessage(a.getInputStream())).isEqualTo(ascii("still"));
    }
  }

  @Test
  void concurrentModeAnswersEveryPipelinedMessage() throws Exception {
    try (TcpListener l = listen(LIMITS.withMaxInFlight(4)); Socket s = new Socket(l.address(), l.port())) {
      java.io.ByteArrayOutputStream many = new java.io.ByteArrayOutputStream();
      for (int i = 0; i < 20; i++) {
        DnsClient.writeMessage(many, Message.query(i, Question.in(Name.of("n" + i + ".test."), RrTypes.A), false).encode());
      }
      s.getOutputStream().write(many.toByteArray());
      s.getOutputStream().flush();
      s.setSoTimeout(10_000);
      java.util.Set<Integer> ids = new java.util.TreeSet<>();
      for (int i = 0; i < 20; i++) ids.add(Message.decode(DnsClient.readMessage(s.getInputStream())).id());
      assertThat(ids).hasSize(20).contains(0, 19);
    }
  }
}
