/**
 * The caching, iterative DNS resolver: the world's "local name server".
 *
 * <p>Public API:
 *
 * <ul>
 *   <li>{@link org.minternet.dns.resolver.RecursiveResolver} — resolves from root hints (a list of
 *       root addresses and the port every authority listens on), follows referrals, glue, name
 *       servers without glue and CNAME chains, with QNAME minimisation (RFC 9156), bailiwick
 *       checks and work limits; a {@code NameResolver} for the other modules (addresses, MX with
 *       RFC 5321/7505 rules, TXT); {@code resolve(name, type, trace)} returns a
 *       {@link org.minternet.dns.resolver.Resolution} with its steps.
 *   <li>{@link org.minternet.dns.resolver.ResolverCache} — TTLs counting down, negative caching
 *       (RFC 2308), maximum TTLs, a memory bound (Caffeine), serve-stale (RFC 8767), prefetch,
 *       statistics, listing and flushing (all, one name, a domain).
 *   <li>{@link org.minternet.dns.resolver.ResolverServer} — recursive service over UDP and TCP:
 *       RD=1 resolved with RA set, RD=0 from the cache, client ACL (REFUSED outside), response
 *       rate limiting per client prefix with slip, trace steps to the transcript tap; over TCP
 *       the shared {@code dns.server.TcpDnsHandler}, with pipelined queries resolved at once.
 * </ul>
 *
 * <p>Against spoofing (RFC 5452): {@code Upstream} sends each query from a fresh random port with
 * a fresh random ID and accepts only a datagram from the address and port asked, with the same
 * ID and question; {@code Iteration} uses and caches only in-bailiwick data.
 */
package org.minternet.dns.resolver;
