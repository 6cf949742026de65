package org.minternet.core.naming;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Hashtable;
import java.util.List;
import javax.naming.NamingEnumeration;
import javax.naming.NamingException;
import javax.naming.directory.Attribute;
import javax.naming.directory.Attributes;
import javax.naming.directory.InitialDirContext;

/**
 * Name resolution as the protocol modules need it, without depending on the DNS module: the world
 * wires this to its own caching resolver; alone, a server uses the system resolver.
 */
public interface NameResolver {
  /** The addresses of a host; {@link UnknownHostException} when the name does not exist. */
  List<InetAddress> addresses(String host) throws IOException;

  /**
   * The mail exchangers of a domain, ordered by preference (RFC 5321 §5.1): the MX records; if
   * there are none, the domain itself as an implicit MX of preference 0; an empty list for a null
   * MX (RFC 7505), meaning the domain accepts no mail.
   */
  List<MailExchanger> mailExchangers(String domain) throws IOException;

  /** The system's resolver (the JDK's for addresses, JNDI's DNS provider for MX). */
  static NameResolver system() {
    return new NameResolver() {
      @Override
      public List<InetAddress> addresses(String host) throws IOException {
        return List.of(InetAddress.getAllByName(host));
      }

      @Override
      public List<MailExchanger> mailExchangers(String domain) throws IOException {
        List<MailExchanger> out = new ArrayList<>();
        try {
          Hashtable<String, String> env = new Hashtable<>();
          env.put("java.naming.factory.initial", "com.sun.jndi.dns.DnsContextFactory");
          Attributes attrs = new InitialDirContext(env).getAttributes(domain, new String[] {"MX"});
          Attribute mx = attrs.get("MX");
          if (mx != null) {
            NamingEnumeration<?> e = mx.getAll();
            while (e.hasMore()) {
              String[] parts = e.next().toString().trim().split("\\s+");
              if (parts.length == 2) {
                String host = parts[1].endsWith(".") ? parts[1].substring(0, parts[1].length() - 1) : parts[1];
                out.add(new MailExchanger(Integer.parseInt(parts[0]), host));
              }
            }
          }
        } catch (NamingException | NumberFormatException e) {
          // no MX data available: fall back to the address record below
        }
        if (out.size() == 1 && out.get(0).host().isEmpty()) return List.of();
        if (out.isEmpty()) return List.of(new MailExchanger(0, domain));
        out.sort(Comparator.comparingInt(MailExchanger::preference));
        return out;
      }
    };
  }
}
