package org.minternet.core.net;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import org.minternet.core.io.LineReader;
import org.minternet.core.tap.Transcript;

/**
 * One accepted (or opened) TCP connection: a {@link LineReader} over its input, a buffered output,
 * an idle timeout and an optional overall deadline, a write timeout, the transcript tap, and
 * upgrading to TLS.
 *
 * <p>All reads go through the reader so that a bounded line and the bytes after it come from the
 * same buffer. Writes are buffered until {@link #flush()}. Every write to the socket (plain or
 * TLS) is bounded in time by {@link WriteTimeouts}: when one makes no progress for longer than
 * the write timeout (default {@link WriteTimeouts#DEFAULT}), the socket is closed and the write
 * throws {@link WriteTimeoutException}.
 */
public final class Connection implements Closeable {
  private Socket socket;
  private final String service;
  private final Transcript transcript;
  private final DeadlineInputStream input;
  private final LineReader reader;
  private final WriteGuard guard;
  private final OutputStream output;
  private volatile long idleTimeoutMillis;
  private volatile long deadlineNanos;
  private final InetSocketAddress remote;
  private final InetSocketAddress local;
  /** "address:port" of the peer, made once: every transcript line names it. */
  private final String peer;
  private volatile boolean closed;

  /** A connection with the default write timeout, {@link WriteTimeouts#DEFAULT}. */
  public Connection(Socket socket, String service, Transcript transcript, LineReader.Endings endings,
      int maxLine, Duration idleTimeout) throws IOException {
    this(socket, service, transcript, endings, maxLine, idleTimeout, WriteTimeouts.DEFAULT);
  }

  /**
   * A connection over an open socket.
   *
   * @param idleTimeout longest wait for the next byte read; zero or null waits forever
   * @param writeTimeout longest time one write may make no progress; zero or null waits forever
   */
  public Connection(Socket socket, String service, Transcript transcript, LineReader.Endings endings,
      int maxLine, Duration idleTimeout, Duration writeTimeout) throws IOException {
    this.socket = Objects.requireNonNull(socket);
    this.service = service;
    this.transcript = transcript == null ? Transcript.NONE : transcript;
    this.idleTimeoutMillis = idleTimeout == null ? 0 : idleTimeout.toMillis();
    this.remote = (InetSocketAddress) socket.getRemoteSocketAddress();
    this.local = (InetSocketAddress) socket.getLocalSocketAddress();
    this.peer = remote.getAddress().getHostAddress() + ":" + remote.getPort();
    this.input = new DeadlineInputStream(socket.getInputStream(), this);
    this.reader = new LineReader(input, endings, maxLine);
    this.guard = new WriteGuard(socket, socket.getOutputStream(), writeTimeout,
        service + " " + peer(), false);
    this.output = new BufferedOutputStream(guard, 16384);
    WriteTimeouts.watch(guard);
  }

  /**
   * Opens a client connection with a connect timeout, which is also its idle timeout; writes have
   * the default write timeout ({@link #writeTimeout(Duration)} changes it).
   */
  public static Connection connect(InetSocketAddress address, Duration timeout, String service,
      Transcript transcript) throws IOException {
    return connect(address, null, timeout, service, transcript);
  }

  /**
   * Opens a client connection from a chosen local address (a world host's own, so that peers see
   * where the connection really comes from), or from the system's choice when {@code local} is null.
   */
  public static Connection connect(InetSocketAddress address, java.net.InetAddress local, Duration timeout,
      String service, Transcript transcript) throws IOException {
    Socket s = new Socket();
    try {
      if (local != null) s.bind(new InetSocketAddress(local, 0));
      s.setTcpNoDelay(true);
      s.connect(address, (int) timeout.toMillis());
    } catch (IOException e) {
      s.close();
      throw e;
    }
    return new Connection(s, service, transcript, LineReader.Endings.LENIENT,
        LineReader.DEFAULT_MAX_LINE, timeout);
  }

  Socket socket() {
    return socket;
  }

  WriteGuard writeGuard() {
    return guard;
  }

  public String service() {
    return service;
  }

  public InetSocketAddress remoteAddress() {
    return remote;
  }

  public InetSocketAddress localAddress() {
    return local;
  }

  public String peer() {
    return peer;
  }

  public LineReader reader() {
    return reader;
  }

  public Transcript transcript() {
    return transcript;
  }

  long idleTimeoutMillis() {
    return idleTimeoutMillis;
  }

  long deadlineNanos() {
    return deadlineNanos;
  }

  /** Sets the longest wait for the next byte; zero waits forever. */
  public void idleTimeout(Duration timeout) {
    this.idleTimeoutMillis = timeout.toMillis();
  }

  public Duration idleTimeout() {
    return Duration.ofMillis(idleTimeoutMillis);
  }

  /**
   * Sets the longest time a single write to the socket may make no progress (the peer does not
   * read) before the connection is closed; zero waits forever.
   */
  public void writeTimeout(Duration timeout) {
    guard.timeout(timeout);
  }

  public Duration writeTimeout() {
    return Duration.ofNanos(guard.timeoutNanos());
  }

  /** Requires everything read from now on to arrive within {@code within}, until cleared. */
  public void deadline(Duration within) {
    long d = System.nanoTime() + within.toNanos();
    this.deadlineNanos = d == 0 ? 1 : d;
  }

  public void clearDeadline() {
    this.deadlineNanos = 0;
  }

  /** Reads a line (UTF-8), recording it in the transcript; null at end of stream. */
  public String readLine() throws IOException {
    String line = reader.readLine();
    if (line != null) transcript.received(service, peer(), line);
    return line;
  }

  /**
   * Asks the kernel to acknowledge what has arrived at once rather than delay the ACK (Linux's
   * {@code TCP_QUICKACK}, which lasts until the kernel decides otherwise; elsewhere nothing). For
   * a server that has just read a client's upload and waits for the few bytes that end the
   * command: a client whose stack holds them back until the upload is acknowledged (Nagle) would
   * otherwise wait for the delayed ACK, some 40 ms on Linux.
   */
  public void quickAck() {
    if (QUICKACK == null) return;
    try {
      socket.setOption(QUICKACK, true);
    } catch (IOException | UnsupportedOperationException e) {
      // not a TCP socket this kernel can do it for: the ACK comes when it comes
    }
  }

  private static final java.net.SocketOption<Boolean> QUICKACK = quickAckOption();

  private static java.net.SocketOption<Boolean> quickAckOption() {
    try {
      java.net.SocketOption<Boolean> o = jdk.net.ExtendedSocketOptions.TCP_QUICKACK;
      try (Socket probe = new Socket()) {
        return probe.supportedOptions().contains(o) ? o : null;
      }
    } catch (IOException | LinkageError e) {
      return null;
    }
  }

  /** Reads exactly n bytes, recording a summary in the transcript. */
  public byte[] readExactly(int n) throws IOException {
    byte[] data = reader.readExactly(n);
    transcript.received(service, peer(), "<" + n + " bytes>");
    return data;
  }

  /** Writes a line followed by CRLF (not flushed). */
  public void writeLine(String line) throws IOException {
    transcript.sent(service, peer(), line);
    output.write(line.getBytes(StandardCharsets.UTF_8));
    output.write('\r');
    output.write('\n');
  }

  /** Writes raw bytes (not flushed, not recorded line by line). */
  public void write(byte[] data) throws IOException {
    output.write(data);
  }

  public void write(byte[] data, int off, int len) throws IOException {
    output.write(data, off, len);
  }

  public OutputStream outputStream() {
    return output;
  }

  public InputStream inputStream() {
    return reader.asInputStream();
  }

  public void flush() throws IOException {
    output.flush();
  }

  public boolean isSecure() {
    return socket instanceof SSLSocket;
  }

  /** The TLS session, or null on a clear connection. */
  public SSLSession tlsSession() {
    return socket instanceof SSLSocket ssl ? ssl.getSession() : null;
  }

  /**
   * Upgrades this connection to TLS in place (STARTTLS, STLS, AUTH TLS). The caller has already
   * sent the protocol's go-ahead. Bytes the peer pipelined after the upgrade command are
   * discarded, as the RFCs require.
   */
  public void startTls(SSLContext context, boolean clientMode, String peerHost) throws IOException {
    flush();
    SSLSocket ssl = (SSLSocket) context.getSocketFactory().createSocket(socket,
        clientMode && peerHost != null ? peerHost : remote.getHostString(), remote.getPort(), true);
    ssl.setUseClientMode(clientMode);
    int timeout = (int) Math.min(Integer.MAX_VALUE, idleTimeoutMillis);
    ssl.setSoTimeout(timeout);
    ssl.startHandshake();
    this.socket = ssl;
    input.setInput(ssl.getInputStream());
    int discarded = reader.replaceInput(input);
    guard.redirect(ssl.getOutputStream());
    transcript.note(service, peer(), "TLS " + ssl.getSession().getProtocol() + " "
        + ssl.getSession().getCipherSuite() + (discarded > 0 ? " (" + discarded
        + " pipelined clear-text bytes discarded)" : ""));
  }

  /** Half-closes the output after flushing, so the peer sees end of stream. */
  public void shutdownOutput() {
    try {
      flush();
      if (!(socket instanceof SSLSocket)) socket.shutdownOutput();
    } catch (IOException ignored) {
      // the peer is gone; close() will clean up
    }
  }

  public boolean isClosed() {
    return closed;
  }

  @Override
  public void close() {
    if (closed) return;
    closed = true;
    try {
      output.flush();
    } catch (IOException ignored) {
      // peer went away; nothing more to deliver
    }
    try {
      socket.close();
    } catch (IOException ignored) {
      // already closed
    } finally {
      WriteTimeouts.unwatch(guard);
      input.unwatch();
    }
  }

  /**
   * Leaves this connection's read timeouts to the {@link ReadTimeouts} watchdog rather than the
   * socket's read timeout (plain TCP; cheaper for short exchanges on virtual threads). After a
   * timeout the connection can still write, but no longer read.
   */
  void readTimeoutsByWatchdog() {
    input.byWatchdog();
  }
}
