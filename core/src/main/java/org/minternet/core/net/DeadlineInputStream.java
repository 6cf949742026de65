package org.minternet.core.net;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;

/**
 * Enforces both an idle timeout (no byte for too long) and an optional overall deadline (the
 * whole of a request must arrive in time, against slowloris peers) on a blocking socket, by
 * setting the socket's read timeout to whichever ends first before each read.
 */
final class DeadlineInputStream extends FilterInputStream {
  private final Connection connection;

  DeadlineInputStream(InputStream in, Connection connection) {
    super(in);
    this.connection = connection;
  }

  void setInput(InputStream in) {
    this.in = in;
  }

  private void arm() throws IOException {
    Socket socket = connection.socket();
    long idle = connection.idleTimeoutMillis();
    long deadline = connection.deadlineNanos();
    long timeout = idle;
    if (deadline != 0) {
      long remaining = (deadline - System.nanoTime()) / 1_000_000;
      if (remaining <= 0) throw new SocketTimeoutException("deadline passed");
      timeout = timeout == 0 ? remaining : Math.min(timeout, remaining);
    }
    socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, timeout));
  }

  @Override
  public int read() throws IOException {
    arm();
    return in.read();
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    arm();
    return in.read(b, off, len);
  }
}
