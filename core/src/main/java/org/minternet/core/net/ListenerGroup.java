package org.minternet.core.net;

import java.io.Closeable;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.minternet.core.Endpoint;

/**
 * The listeners of one server that speaks on several ports (SMTP's MTA, submission and
 * submissions; POP3 and POP3S; IMAP and IMAPS): started all or none, looked up by service name,
 * closed together.
 */
public final class ListenerGroup implements Closeable {
  private final List<TcpListener> listeners = new CopyOnWriteArrayList<>();
  private final List<Endpoint> endpoints = new CopyOnWriteArrayList<>();

  /**
   * Starts one more listener, named after its service. If it cannot start, every listener of the
   * group is closed before the failure is thrown, so a server never runs half its services.
   */
  public Endpoint start(TcpListener.Builder listener, String host, String service) throws IOException {
    TcpListener l;
    try {
      l = listener.name(service).start();
    } catch (IOException | RuntimeException e) {
      close();
      throw e;
    }
    listeners.add(l);
    Endpoint e = l.endpoint(host, service);
    endpoints.add(e);
    return e;
  }

  public List<Endpoint> endpoints() {
    return List.copyOf(endpoints);
  }

  public boolean isEmpty() {
    return listeners.isEmpty();
  }

  /** The bound port of a service, or -1 when it does not run. */
  public int port(String service) {
    for (TcpListener l : listeners) if (l.name().equals(service)) return l.port();
    return -1;
  }

  @Override
  public void close() {
    for (TcpListener l : listeners) l.close();
    listeners.clear();
    endpoints.clear();
  }
}
