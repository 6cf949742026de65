package org.minternet.dns.resolver;

import org.minternet.dns.server.DnsListeners;
import org.minternet.dns.server.DnsServerBuilder;
import org.minternet.dns.server.RateLimiter;
import org.minternet.dns.server.TcpDnsHandler;

import java.io.Closeable;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.minternet.core.Endpoint;
import org.minternet.core.net.AddressRange;
import org.minternet.core.net.AddressRanges;
import org.minternet.core.net.TcpListener;
import org.minternet.core.net.UdpListener;
import org.minternet.dns.wire.Edns;
import org.minternet.dns.wire.Message;
import org.minternet.dns.wire.Rcode;

/**
 * The recursive DNS service for clients, over UDP and TCP on one address and port, answering
 * from a {@link RecursiveResolver}.
 *
 * <pre>{@code
 * ResolverServer s = ResolverServer.builder()
 *     .resolver(resolver).host("dns.poly.edu").bind(addr).port(5300)
 *     .allow("10.0.0.0/8")               // besides loopback
 *     .start();
 * List<Endpoint> where = s.endpoints();
 * }</pre>
 *
 * <p>UDP queries answerable from the cache are answered on the receiving thread; the others are
 * resolved on a virtual thread each and answered when done. TCP goes through the shared {@link
 * TcpDnsHandler}, up to 16 pipelined queries of a connection resolved at once. Resolutions in
 * progress, UDP and TCP together, are at most {@code maxConcurrent} (beyond: SERVFAIL). RD=0
 * queries get only what is cached. Clients outside the allowed networks get REFUSED. UDP
 * responses go through response rate limiting per client prefix, with slip.
 */
public final class ResolverServer implements Closeable {
  private static final Logger LOG = System.getLogger(ResolverServer.class.getName());

  /**
   * The resolver's TCP limits: the common ones, with up to 16 pipelined queries of a connection
   * resolved at once (answered as each is done, RFC 7766 §6.2.1.1).
   */
  public static final TcpDnsHandler.Limits TCP_LIMITS = TcpDnsHandler.Limits.DEFAULT.withMaxInFlight(16);

  private final Builder config;
  private final ClientService service;
  private final RateLimiter limiter;
  private final Semaphore concurrent;
  private final AnswerCache answers = new AnswerCache();
  private final ExecutorService workers =
      Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("dns-resolve-", 0).factory());
  private UdpListener udp;
  private TcpListener tcp;

  private ResolverServer(Builder b) {
    this.config = b;
    AddressRanges networks = AddressRanges.of(b.allowed);
    Predicate<InetAddress> acl = networks::contains;
    this.service = new ClientService(b.resolver, acl, b.maxUdpPayload(), b.transcript());
    this.limiter = new RateLimiter(b.rateLimit, b.slip, System::nanoTime);
    this.concurrent = new Semaphore(b.maxConcurrent);
  }

  public static Builder builder() {
    return new Builder();
  }

  private ResolverServer listen() throws IOException {
    DnsListeners l = config.listen("dns-resolver-" + config.host(), "dns-resolver", this::answerUdp, this::answerTcp);
    udp = l.udp();
    tcp = l.tcp();
    return this;
  }

  /** Runs on the UDP receive thread: must not block. */
  private byte[] answerUdp(byte[] data, int length, InetSocketAddress sender) {
    ResolverCache cache = config.resolver.cacheInternal();
    long second = cache.now() / 1_000_000_000L;
    long generation = cache.generation();
    if (service.allowed(sender.getAddress())) {
      byte[] fast = answers.lookup(data, length, second, generation);
      if (fast != null) {
        RateLimiter.Verdict v = limiter.check(sender.getAddress());
        if (v == RateLimiter.Verdict.SEND) {
          cache.countHit();
          return fast;
        }
        if (v == RateLimiter.Verdict.DROP) return null;
        try {
          return ClientService.slip(Message.decode(fast));
        } catch (org.minternet.dns.wire.WireFormatException e) {
          return null; // cannot happen: we encoded it
        }
      }
    }
    ClientService.Parsed p = service.parse(data, length, sender.getAddress());
    if (p.immediate() != null) return limited(p.immediate(), null, sender);
    if (p.query() == null) return null;
    Message query = p.query();
    Message cached = service.fromCache(query);
    if (cached != null) {
      byte[] out = limited(cached, query, sender);
      if (out != null && !Message.peekHeader(out, out.length).tc() && lastsTheSecond(cached)) {
        answers.store(data, length, out, second, generation);
      }
      return out;
    }
    if (!concurrent.tryAcquire()) {
      return limited(ClientService.error(query, Rcode.SERVFAIL, query.edns() == null ? null
          : Edns.of(config.maxUdpPayload())), query, sender);
    }
    try {
      workers.execute(() -> {
        try {
          Message response = service.resolve(query, sender.getAddress().getHostAddress());
          byte[] out = limited(response, query, sender);
          if (out != null) udp.send(out, sender);
        } catch (IOException e) {
          LOG.log(Level.DEBUG, () -> "send to " + sender + " failed: " + e.getMessage());
        } catch (RuntimeException e) {
          LOG.log(Level.ERROR, "resolution failed for a query from " + sender, e);
          byte[] err = ClientService.error(query, Rcode.SERVFAIL, null).encode();
          try {
            udp.send(err, sender);
          } catch (IOException ignored) {
            // the client will retry
          }
        } finally {
          concurrent.release();
        }
      });
    } catch (RuntimeException e) {
      concurrent.release();
    }
    return null;
  }

  /** Records that may still be fresh a second from now (a reused answer lives that long). */
  private static boolean lastsTheSecond(Message m) {
    for (var r : m.answers()) if (r.ttl() < 2) return false;
    for (var r : m.authority()) if (r.ttl() < 2) return false;
    return true;
  }

  private byte[] limited(Message response, Message query, InetSocketAddress sender) {
    return switch (limiter.check(sender.getAddress())) {
      case SEND -> response.encode(service.udpLimit(query));
      case SLIP -> ClientService.slip(response);
      case DROP -> null;
    };
  }

  /**
   * Answers one message over TCP (the shared {@link TcpDnsHandler} frames, times and limits the
   * connection): from the cache, else resolved; pipelined queries are resolved at once and
   * answered as each is done.
   */
  private void answerTcp(TcpDnsHandler.Exchange e) throws IOException {
    byte[] data = e.message();
    ClientService.Parsed p = service.parse(data, data.length, e.client());
    Message response = p.immediate();
    if (p.query() != null) {
      response = service.fromCache(p.query());
      if (response == null && !concurrent.tryAcquire()) {
        response = ClientService.error(p.query(), Rcode.SERVFAIL, p.query().edns() == null ? null
            : Edns.of(config.maxUdpPayload()));
      } else if (response == null) {
        try {
          response = service.resolve(p.query(), e.client().getHostAddress());
        } finally {
          concurrent.release();
        }
      }
    }
    if (response != null) e.reply(response.encode());
  }

  /** The UDP and TCP endpoints, bound. */
  public List<Endpoint> endpoints() {
    return List.of(udp.endpoint(config.host(), "dns-resolver"), tcp.endpoint(config.host(), "dns-resolver"));
  }

  public InetAddress address() {
    return tcp.address();
  }

  public int port() {
    return tcp.port();
  }

  public RecursiveResolver resolver() {
    return config.resolver;
  }

  @Override
  public void close() {
    if (tcp != null) tcp.close();
    if (udp != null) udp.close();
    workers.shutdown();
    try {
      if (!workers.awaitTermination(2, TimeUnit.SECONDS)) workers.shutdownNow();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Configuration of the resolver service. */
  public static final class Builder extends DnsServerBuilder<Builder> {
    private Builder() {
      super(TCP_LIMITS);
    }

    @Override
    protected Builder self() {
      return this;
    }

    private RecursiveResolver resolver;
    private final List<AddressRange> allowed = new ArrayList<>(AddressRanges.LOOPBACK.ranges());
    private int rateLimit = 2000;
    private int slip = 2;
    private int maxConcurrent = 10_000;

    public Builder resolver(RecursiveResolver r) {
      this.resolver = Objects.requireNonNull(r);
      return this;
    }

    /**
     * Adds a client network allowed to use the resolver, e.g. {@code 10.0.0.0/8} or
     * {@code 2001:db8::/32}; loopback is allowed by default; other clients get REFUSED.
     */
    public Builder allow(String cidr) {
      allowed.add(AddressRange.parse(cidr));
      return this;
    }

    /** Replaces the allowed client networks (loopback included only if listed). */
    public Builder allowOnly(List<String> cidrs) {
      List<AddressRange> parsed = cidrs.stream().map(AddressRange::parse).toList();
      allowed.clear();
      allowed.addAll(parsed);
      return this;
    }

    /**
     * UDP responses per second per client prefix (/24, /56), 0 for no limit; every
     * {@code slip}-th limited response is sent truncated (0: all dropped). Default 2000 and 2.
     */
    public Builder rateLimit(int responsesPerSecond, int slip) {
      this.rateLimit = responsesPerSecond;
      this.slip = slip;
      return this;
    }

    /** Resolutions in progress at most, for UDP and TCP clients together (beyond: SERVFAIL). Default 10,000. */
    public Builder maxConcurrent(int n) {
      this.maxConcurrent = n;
      return this;
    }

    public ResolverServer start() throws IOException {
      Objects.requireNonNull(resolver, "resolver");
      return new ResolverServer(this).listen();
    }
  }
}
