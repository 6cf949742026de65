/**
 * The authoritative DNS server and the serving machinery the resolver shares.
 *
 * <p>Public API:
 *
 * <ul>
 *   <li>{@link org.minternet.dns.server.AuthoritativeServer} — zones over UDP and TCP, with its
 *       builder: zone files and reloading, dynamic UPDATE (RFC 2136) committed to a store before
 *       NOERROR, AXFR/IXFR, NOTIFY, secondaries, response rate limiting.
 *   <li>{@link org.minternet.dns.server.RateLimiter} — response rate limiting per client prefix,
 *       with slip, for the UDP side of every DNS server.
 * </ul>
 *
 * <p>The rest is package-private: {@code Authority} answers a query from a {@code ZoneSet};
 * {@code AnswerCache} keeps encoded answers; {@code Updater}, {@code ZoneStore} and
 * {@code ZoneJournal} apply, store and remember the changes of UPDATE; {@code Secondary} keeps a
 * transferred copy up to date.
 */
package org.minternet.dns.server;
