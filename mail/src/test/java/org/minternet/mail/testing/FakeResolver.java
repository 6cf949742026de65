package org.minternet.mail.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.minternet.core.naming.MailExchanger;
import org.minternet.core.naming.NameResolver;

/** A resolver with fixed MX and address records; unknown names do not exist. */
public final class FakeResolver implements NameResolver {
  private final Map<String, List<MailExchanger>> mx = new ConcurrentHashMap<>();
  private final Map<String, List<InetAddress>> hosts = new ConcurrentHashMap<>();

  public FakeResolver mx(String domain, MailExchanger... exchangers) {
    mx.put(domain, List.of(exchangers));
    return this;
  }

  public FakeResolver host(String name, String... addresses) {
    hosts.put(name, java.util.Arrays.stream(addresses).map(a -> {
      try {
        return InetAddress.getByName(a);
      } catch (UnknownHostException e) {
        throw new IllegalArgumentException(e);
      }
    }).toList());
    return this;
  }

  @Override
  public List<InetAddress> addresses(String host) throws IOException {
    List<InetAddress> a = hosts.get(host);
    if (a == null) throw new UnknownHostException(host);
    return a;
  }

  @Override
  public List<MailExchanger> mailExchangers(String domain) throws IOException {
    List<MailExchanger> m = mx.get(domain);
    if (m != null) return m;
    if (hosts.containsKey(domain)) return List.of(new MailExchanger(0, domain));
    throw new UnknownHostException(domain);
  }
}
