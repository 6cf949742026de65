package org.minternet.dns.server;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import org.minternet.core.store.Store;
import org.minternet.dns.wire.Name;
import org.minternet.dns.wire.Tsig;

/**
 * A server in its own JVM for {@link KillNineIT}:
 * {@code ADDRESS PORT ORIGIN ZONEFILE KEYNAME KEYSECRET STOREFILE}, serving until killed.
 */
final class ServeMain {
  private ServeMain() {}

  public static void main(String[] args) throws Exception {
    Store store = Store.sqlite(Path.of(args[6]));
    AuthoritativeServer server = AuthoritativeServer.builder().host(args[0])
        .bind(InetAddress.getByName(args[0])).port(Integer.parseInt(args[1]))
        .zoneFile(Path.of(args[3]), Name.of(args[2]))
        .updateKey(Tsig.Key.hmacSha256(args[4], args[5])).store(store).start();
    System.out.println("serving on " + server.endpoints());
    new CountDownLatch(1).await();
  }
}
