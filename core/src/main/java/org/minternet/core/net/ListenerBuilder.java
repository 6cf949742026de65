package org.minternet.core.net;

import java.net.InetAddress;
import java.util.Objects;
import org.minternet.core.tap.Transcript;

/**
 * What every listener's builder sets the same way: its name (for threads and logs), the address
 * and port to bind (port 0: a free one) and the transcript tap. {@link TcpListener.Builder} and
 * {@link UdpListener.Builder} add their own settings.
 */
abstract class ListenerBuilder<B extends ListenerBuilder<B>> {
  String name;
  InetAddress address = InetAddress.getLoopbackAddress();
  int port;
  Transcript transcript = Transcript.NONE;

  ListenerBuilder(String defaultName) {
    this.name = defaultName;
  }

  abstract B self();

  public B name(String name) {
    this.name = Objects.requireNonNull(name);
    return self();
  }

  public B bind(InetAddress address) {
    this.address = Objects.requireNonNull(address);
    return self();
  }

  public B port(int port) {
    if (port < 0 || port > 65535) throw new IllegalArgumentException("port " + port);
    this.port = port;
    return self();
  }

  public B transcript(Transcript transcript) {
    this.transcript = transcript == null ? Transcript.NONE : transcript;
    return self();
  }
}
