package org.minternet.core.net;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import javax.net.ssl.SSLSocket;

/**
 * Enforces both an idle timeout (no byte for too long) and an optional overall deadline (the
 * whole of a request must arrive in time, against slowloris peers) on a blocking socket, by
 * setting the socket's read timeout to whichever ends first before each read, or, when the
 * connection's listener asks for it, by stamping that end for the {@link ReadTimeouts} watchdog.
 */
final class DeadlineInputStream extends FilterInputStream {
  private final Connection connection;
  private boolean byWatchdog;
  /** {@link System#nanoTime()} by which the read in progress must end; 0 when none is timed. */
  private volatile long readEnds;
  private volatile boolean expired;
  private int soTimeout = -1;

  DeadlineInputStream(InputStream in, Connection connection) {
    super(in);
    this.connection = connection;
  }

  void setInput(InputStream in) {
    this.in = in;
  }

  /** Leaves read timeouts to the watchdog (plain TCP sockets only). */
  void byWatchdog() {
    byWatchdog = true;
    ReadTimeouts.watch(this);
  }

  void unwatch() {
    if (byWatchdog) ReadTimeouts.unwatch(this);
  }

  /** The watchdog's look: shuts the input of a read past its time. */
  void expireIfLate(long now) {
    long end = readEnds;
    if (end != 0 && now - end > 0 && !expired) {
      expired = true;
      try {
        connection.socket().shutdownInput();
      } catch (IOException e) {
        // closed meanwhile: the read fails anyway
      }
    }
  }

  /** The milliseconds the next read may take, 0 for no limit. */
  private long timeoutMillis() throws IOException {
    long idle = connection.idleTimeoutMillis();
    long deadline = connection.deadlineNanos();
    long timeout = idle;
    if (deadline != 0) {
      long remaining = (deadline - System.nanoTime()) / 1_000_000;
      if (remaining <= 0) throw new SocketTimeoutException("deadline passed");
      timeout = timeout == 0 ? remaining : Math.min(timeout, remaining);
    }
    return timeout;
  }

  private boolean arm() throws IOException {
    if (expired) throw new SocketTimeoutException("read timed out");
    Socket socket = connection.socket();
    long timeout = timeoutMillis();
    if (byWatchdog && !(socket instanceof SSLSocket)) {
      setSoTimeout(socket, 0);
      if (timeout == 0) return false;
      ReadTimeouts.atLeastEvery(timeout * 1_000_000);
      readEnds = System.nanoTime() + timeout * 1_000_000;
      return true;
    }
    setSoTimeout(socket, (int) Math.min(Integer.MAX_VALUE, timeout));
    return false;
  }

  private void setSoTimeout(Socket socket, int millis) throws IOException {
    if (millis != soTimeout || socket instanceof SSLSocket) {
      socket.setSoTimeout(millis);
      soTimeout = millis;
    }
  }

  private int finish(boolean timed, int result) throws SocketTimeoutException {
    if (timed) readEnds = 0;
    if (result < 0 && expired) throw new SocketTimeoutException("read timed out");
    return result;
  }

  @Override
  public int read() throws IOException {
    boolean timed = arm();
    try {
      return finish(timed, in.read());
    } catch (IOException e) {
      if (timed) readEnds = 0;
      if (expired) throw new SocketTimeoutException("read timed out");
      throw e;
    }
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    boolean timed = arm();
    try {
      return finish(timed, in.read(b, off, len));
    } catch (IOException e) {
      if (timed) readEnds = 0;
      if (expired) throw new SocketTimeoutException("read timed out");
      throw e;
    }
  }
}
