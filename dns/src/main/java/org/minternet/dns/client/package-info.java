/**
 * DNS clients: the stub client, dynamic UPDATE, dig's lookups and a registrar.
 *
 * <ul>
 *   <li>{@link org.minternet.dns.client.DnsClient} — one query over UDP (TCP on truncation or on
 *       request), signed exchanges, zone transfers (AXFR, IXFR).
 *   <li>{@link org.minternet.dns.client.DnsUpdate} — builds and sends an UPDATE (RFC 2136),
 *       TSIG-signed.
 *   <li>{@link org.minternet.dns.client.Dig} — runs a lookup described by
 *       {@link org.minternet.dns.client.DigOptions} and prints it as dig does, or walks down from
 *       a root with {@code trace}.
 *   <li>{@link org.minternet.dns.client.Registrar} — what a registrar does: the delegation UPDATE
 *       to the parent zone, and a starting zone for the new domain.
 * </ul>
 */
package org.minternet.dns.client;
