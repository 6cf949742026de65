package org.minternet.dns.server;

/** A DNS server's one service: queries over UDP and TCP on the same port (RFC 1035 §4.2). */
public enum DnsService {
  DNS
}
