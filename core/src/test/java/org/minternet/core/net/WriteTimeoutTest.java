package org.minternet.core.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.minternet.core.tls.TlsContexts;

/**
 * A peer that asks for a large response and stops reading is cut off after the write timeout,
 * freeing the handler and the connection slot; a peer that reads slowly but steadily for longer
 * than the timeout gets everything. Over clear text, implicit TLS and STARTTLS.
 */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class WriteTimeoutTest {
  private static final Duration WRITE_TIMEOUT = Duration.ofMillis(500);
  /** Small socket buffers, so that the writer blocks as soon as the reader lags. */
  private static final int BUFFER = 32 * 1024;

  @TempDir static Path data;
  private static SSLContext serverTls;
  private static SSLContext clientTls;

  enum Mode { CLEAR, IMPLICIT_TLS, STARTTLS }

  @BeforeAll
  static void certificates() throws IOException {
    serverTls = TlsContexts.selfSigned(data, List.of("localhost", "127.0.0.1"));
    clientTls = TlsContexts.trusting(TlsContexts.worldCertificate(data));
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void aPeerThatStopsReadingIsCutOffAfterTheWriteTimeout(Mode mode) throws Exception {
    CompletableFuture<IOException> failure = new CompletableFuture<>();
    try (TcpListener l = listener(mode, failure);
        Socket s = client(mode, l)) {
      request(s, 1L << 30);
      IOException e = failure.get(10, TimeUnit.SECONDS);
      assertThat(e).isInstanceOf(WriteTimeoutException.class);
      assertThat(await(() -> l.activeConnections() == 0)).isTrue();
      // what the kernel had buffered may still arrive, then the stream ends (reset or end of stream)
      assertThat(drain(s)).isLessThan(1L << 30);
    }
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void aSlowButSteadyReaderGetsEverythingThoughItTakesLongerThanTheTimeout(Mode mode)
      throws Exception {
    CompletableFuture<IOException> failure = new CompletableFuture<>();
    long size = 1280 * 1024;
    try (TcpListener l = listener(mode, failure);
        Socket s = client(mode, l)) {
      request(s, size);
      InputStream in = s.getInputStream();
      byte[] buf = new byte[16 * 1024];
      long got = 0;
      long started = System.nanoTime();
      while (got < size) {
        int r = in.read(buf, 0, (int) Math.min(buf.length, size - got));
        assertThat(r).as("end of stream after " + got + " bytes").isPositive();
        for (int i = 0; i < r; i++) {
          if (buf[i] != pattern(got + i)) throw new AssertionError("byte " + (got + i) + " differs");
        }
        got += r;
        Thread.sleep(25);
      }
      long tookMillis = (System.nanoTime() - started) / 1_000_000;
      assertThat(failure.get(10, TimeUnit.SECONDS)).isNull();
      // not a timing assertion: guards the test's premise, that the writer had to wait longer than
      // the timeout in all and was not cut off because each write made progress
      assertThat(tookMillis).isGreaterThan(WRITE_TIMEOUT.toMillis());
    }
  }

  @Test
  void theGuardOfASocketOfOnesOwnThrowsAndLeavesTheWatchWhenClosed() throws Exception {
    try (ServerSocket server = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
        Socket s = new Socket()) {
      s.setReceiveBufferSize(BUFFER);
      s.connect(server.getLocalSocketAddress());
      try (Socket peer = server.accept()) {
        peer.setSendBufferSize(BUFFER);
        OutputStream out = WriteTimeouts.guard(peer, WRITE_TIMEOUT);
        assertThat(WriteTimeouts.isWatched(out)).isTrue();
        byte[] block = new byte[256 * 1024];
        assertThatThrownBy(() -> {
          for (int i = 0; i < 4096; i++) out.write(block);
        }).isInstanceOf(WriteTimeoutException.class);
        assertThat(peer.isClosed()).isTrue();
        assertThat(WriteTimeouts.isWatched(out)).isFalse();
        assertThatThrownBy(() -> out.write(1)).isInstanceOf(WriteTimeoutException.class);
      }
    }
  }

  @Test
  void aFlushThatBlocksIsTimedWhenTheGuardedStreamBuffers() throws Exception {
    try (ServerSocket server = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
        Socket s = new Socket()) {
      s.setReceiveBufferSize(BUFFER);
      s.connect(server.getLocalSocketAddress());
      try (Socket peer = server.accept()) {
        peer.setSendBufferSize(BUFFER);
        OutputStream out = WriteTimeouts.guard(peer,
            new java.io.BufferedOutputStream(peer.getOutputStream(), 64 << 20), WRITE_TIMEOUT);
        out.write(new byte[32 << 20]);
        assertThatThrownBy(out::flush).isInstanceOf(WriteTimeoutException.class);
        assertThat(peer.isClosed()).isTrue();
      }
    }
  }

  @Test
  void aClosedSocketLeavesTheWatch() throws Exception {
    try (ServerSocket server = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
        Socket s = new Socket()) {
      s.connect(server.getLocalSocketAddress());
      Socket peer = server.accept();
      OutputStream out = WriteTimeouts.guard(peer, WRITE_TIMEOUT);
      out.write("hello".getBytes(StandardCharsets.US_ASCII));
      assertThat(WriteTimeouts.isWatched(out)).isTrue();
      peer.close();
      assertThat(await(() -> !WriteTimeouts.isWatched(out))).isTrue();
    }
  }

  @Test
  void aConnectionLeavesTheWatchWhenClosedAndItsTimeoutCanBeChanged() throws Exception {
    try (ServerSocket server = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      Connection c = Connection.connect((InetSocketAddress) server.getLocalSocketAddress(),
          Duration.ofSeconds(5), "client", null);
      try (Socket peer = server.accept()) {
        assertThat(c.writeTimeout()).isEqualTo(WriteTimeouts.DEFAULT);
        c.writeTimeout(Duration.ofSeconds(7));
        assertThat(c.writeTimeout()).isEqualTo(Duration.ofSeconds(7));
        assertThat(WriteTimeouts.isWatched(c.writeGuard())).isTrue();
        c.close();
        assertThat(WriteTimeouts.isWatched(c.writeGuard())).isFalse();
      }
    }
  }

  /** A server that answers "SEND n" with n bytes of a known pattern, reporting how it ended. */
  private static TcpListener listener(Mode mode, CompletableFuture<IOException> outcome)
      throws IOException {
    return TcpListener.builder().port(0).writeTimeout(WRITE_TIMEOUT)
        .idleTimeout(Duration.ofSeconds(30))
        .tls(mode == Mode.IMPLICIT_TLS ? serverTls : null)
        .handler(c -> {
          c.socket().setSendBufferSize(BUFFER);
          if (mode == Mode.STARTTLS) {
            if (!"STARTTLS".equals(c.readLine())) return;
            c.writeLine("220 go ahead");
            c.startTls(serverTls, false, null);
          }
          String line = c.readLine();
          if (line == null || !line.startsWith("SEND ")) return;
          long n = Long.parseLong(line.substring(5));
          // large arrays in one write, as an HTTP body is written
          byte[] block = new byte[(int) Math.min(n, 4 << 20)];
          try {
            for (long sent = 0; sent < n; sent += block.length) {
              int len = (int) Math.min(block.length, n - sent);
              for (int i = 0; i < len; i++) block[i] = pattern(sent + i);
              c.write(block, 0, len);
            }
            c.flush();
            outcome.complete(null);
          } catch (IOException e) {
            outcome.complete(e);
            throw e;
          }
        }).start();
  }

  private static Socket client(Mode mode, TcpListener l) throws IOException {
    Socket s = mode == Mode.IMPLICIT_TLS ? clientTls.getSocketFactory().createSocket() : new Socket();
    s.setReceiveBufferSize(BUFFER);
    s.connect(l.socketAddress(), 5000);
    s.setSoTimeout(10_000);
    if (mode == Mode.STARTTLS) {
      s.getOutputStream().write("STARTTLS\r\n".getBytes(StandardCharsets.US_ASCII));
      InputStream in = s.getInputStream();
      StringBuilder reply = new StringBuilder();
      for (int b; (b = in.read()) != '\n'; ) reply.append((char) b);
      assertThat(reply.toString()).isEqualTo("220 go ahead\r");
      SSLSocket ssl = (SSLSocket) clientTls.getSocketFactory()
          .createSocket(s, "localhost", l.port(), true);
      ssl.setUseClientMode(true);
      ssl.startHandshake();
      return ssl;
    }
    return s;
  }

  private static void request(Socket s, long size) throws IOException {
    s.getOutputStream().write(("SEND " + size + "\r\n").getBytes(StandardCharsets.US_ASCII));
    s.getOutputStream().flush();
  }

  private static byte pattern(long position) {
    return (byte) (position % 251);
  }

  /** Reads until the stream ends or fails; returns the bytes read. */
  private static long drain(Socket s) {
    long total = 0;
    byte[] buf = new byte[65536];
    try {
      for (int r; (r = s.getInputStream().read(buf)) > 0; ) total += r;
    } catch (java.net.SocketTimeoutException e) {
      throw new AssertionError("the server kept the connection open", e);
    } catch (IOException e) {
      // reset by the server: the expected end
    }
    return total;
  }

  private static boolean await(BooleanSupplier condition) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < end) {
      if (condition.getAsBoolean()) return true;
      Thread.sleep(20);
    }
    return condition.getAsBoolean();
  }
}
