package org.minternet.core.net;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.net.Socket;
import java.time.Duration;
import java.util.Objects;

/**
 * The output stream of one socket with every underlying write call timed for the
 * {@link WriteTimeouts} watchdog: a "write started at" stamp is set before the call and cleared
 * after it, nothing else (no allocation, no map operation, no fence: release stores, which the
 * watchdog sees within its period). Large writes are cut into calls of at most {@link #CHUNK}
 * bytes, so a peer that reads slowly but steadily makes progress within each call and is not cut
 * off. A flush is timed only when the delegate may write on flush (a socket's own streams, plain
 * or TLS, write everything in {@code write} and do nothing on flush).
 *
 * <p>One writer at a time, as with any socket stream. The delegate may be replaced (after
 * STARTTLS) while the socket to close on a stall stays the TCP socket underneath.
 */
final class WriteGuard extends OutputStream {
  /** Largest single write handed to the socket: 64 KiB. */
  static final int CHUNK = 64 * 1024;

  private static final VarHandle WRITE_STARTED;

  static {
    try {
      WRITE_STARTED = MethodHandles.lookup().findVarHandle(WriteGuard.class, "writeStarted", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final Socket socket;
  private final String label;
  private final boolean timedFlush;
  private volatile OutputStream out;
  private volatile long timeoutNanos;
  /** System.nanoTime() when the current write call began; 0 when none is running. */
  @SuppressWarnings("unused") // through WRITE_STARTED
  private long writeStarted;
  private volatile boolean timedOut;

  /**
   * @param timedFlush whether {@code out} may block in flush (false for a socket's own stream)
   */
  WriteGuard(Socket socket, OutputStream out, Duration timeout, String label, boolean timedFlush) {
    this.socket = Objects.requireNonNull(socket);
    this.out = Objects.requireNonNull(out);
    this.label = label;
    this.timeoutNanos = nanos(timeout);
    this.timedFlush = timedFlush;
  }

  static long nanos(Duration timeout) {
    if (timeout == null) return 0;
    if (timeout.isNegative()) throw new IllegalArgumentException("negative write timeout " + timeout);
    return timeout.compareTo(Duration.ofDays(365)) > 0 ? 0 : timeout.toNanos();
  }

  Socket socket() {
    return socket;
  }

  String label() {
    return label;
  }

  void redirect(OutputStream out) {
    this.out = Objects.requireNonNull(out);
  }

  void timeout(Duration timeout) {
    long t = nanos(timeout);
    this.timeoutNanos = t;
    WriteTimeouts.watchAtLeastEvery(t);
  }

  long timeoutNanos() {
    return timeoutNanos;
  }

  /** Whether the current write has been running longer than the timeout at {@code now}. */
  boolean stalled(long now) {
    long started = (long) WRITE_STARTED.getAcquire(this);
    long timeout = timeoutNanos;
    return started != 0 && timeout != 0 && now - started > timeout;
  }

  /** Marks the stream as timed out; the watchdog then closes the socket. */
  void markTimedOut() {
    timedOut = true;
  }

  boolean timedOut() {
    return timedOut;
  }

  private void begin() throws WriteTimeoutException {
    if (timedOut) throw timeoutException();
    long now = System.nanoTime();
    WRITE_STARTED.setRelease(this, now == 0 ? 1 : now);
  }

  private void end() {
    WRITE_STARTED.setRelease(this, 0L);
  }

  private IOException failure(IOException e) {
    if (!timedOut) return e;
    WriteTimeoutException t = timeoutException();
    t.initCause(e);
    return t;
  }

  private WriteTimeoutException timeoutException() {
    return new WriteTimeoutException("no write progress for " + (timeoutNanos / 1_000_000)
        + " ms; connection closed");
  }

  @Override
  public void write(int b) throws IOException {
    begin();
    try {
      out.write(b);
    } catch (IOException e) {
      throw failure(e);
    } finally {
      end();
    }
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    Objects.checkFromIndexSize(off, len, b.length);
    OutputStream o = out;
    do {
      int n = Math.min(len, CHUNK);
      begin();
      try {
        o.write(b, off, n);
      } catch (IOException e) {
        throw failure(e);
      } finally {
        end();
      }
      off += n;
      len -= n;
    } while (len > 0);
  }

  @Override
  public void flush() throws IOException {
    if (!timedFlush) {
      if (timedOut) throw timeoutException();
      out.flush();
      return;
    }
    begin();
    try {
      out.flush();
    } catch (IOException e) {
      throw failure(e);
    } finally {
      end();
    }
  }

  /** Stops watching and closes the delegate (which closes a socket's stream and socket). */
  @Override
  public void close() throws IOException {
    WriteTimeouts.unwatch(this);
    out.close();
  }
}
