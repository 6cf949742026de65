package org.minternet.world;

import java.util.LinkedHashMap;
import java.util.Map;
import org.minternet.world.services.DnsServices;
import org.minternet.world.services.MailServices;
import org.minternet.world.services.ProxyServices;
import org.minternet.world.services.ResolverServices;
import org.minternet.world.services.SocketServices;
import org.minternet.world.services.WebServices;

/**
 * The table of service kinds this build can start, in start order (name servers before the
 * services that resolve names through them). A kind of the world file missing here is declared
 * but not part of this build yet.
 */
public final class Services {
  private static final Map<String, ServiceFactory> TABLE = new LinkedHashMap<>();

  static {
    TABLE.put("dns", DnsServices.AUTHORITATIVE);
    TABLE.put("resolver", ResolverServices.RESOLVER);
    TABLE.put("http", WebServices.WEB);
    TABLE.put("https", WebServices.WEB);
    TABLE.put("proxy", ProxyServices.PROXY);
    TABLE.put("smtp", MailServices.MAIL);
    TABLE.put("submission", MailServices.MAIL);
    TABLE.put("smtps", MailServices.MAIL);
    TABLE.put("pop3", MailServices.MAIL);
    TABLE.put("pop3s", MailServices.MAIL);
    TABLE.put("imap", MailServices.MAIL);
    TABLE.put("imaps", MailServices.MAIL);
    TABLE.put("tcp-upper", SocketServices.TCP_UPPER);
    TABLE.put("udp-upper", SocketServices.UDP_UPPER);
    TABLE.put("udp-ping", SocketServices.UDP_PING);
    TABLE.put("select-upper", SocketServices.SELECT_UPPER);
  }

  private Services() {}

  public static ServiceFactory get(String kind) {
    return TABLE.get(kind);
  }

  /** Kinds in start order. */
  public static Iterable<String> kinds() {
    return TABLE.keySet();
  }
}
