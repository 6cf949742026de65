package org.minternet.dns.server;

import org.minternet.dns.wire.SoaRData;

import org.minternet.dns.client.DnsClient;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import java.net.InetSocketAddress;
import org.minternet.core.Endpoint;
import org.minternet.core.store.Store;
import org.minternet.dns.wire.Header;
import org.minternet.dns.wire.Message;
import org.minternet.dns.wire.Opcode;
import org.minternet.dns.wire.Question;
import org.minternet.dns.wire.Rcode;
import org.minternet.dns.wire.RrTypes;
import org.minternet.dns.wire.Tsig;
import org.minternet.dns.wire.WireFormatException;
import org.minternet.core.net.TcpListener;
import org.minternet.core.net.UdpListener;
import org.minternet.core.tap.Transcript;
import org.minternet.dns.wire.Name;
import org.minternet.dns.zone.Zone;
import org.minternet.dns.zone.ZoneException;
import org.minternet.dns.zone.ZoneFile;

/**
 * An authoritative DNS server for a set of zones, over UDP and TCP on one address and port.
 *
 * <pre>{@code
 * AuthoritativeServer s = AuthoritativeServer.builder()
 *     .host("a.root-servers.net").bind(addr).port(5300)
 *     .zone(rootZone).zoneFile(Path.of("edu.zone"), Name.of("edu."))
 *     .start();
 * List<Endpoint> where = s.endpoints();
 * }</pre>
 *
 * <p>UDP queries are answered on the receiving thread from memory; TCP connections each get a
 * virtual thread. {@link #reload()} re-reads the zone files and {@link #putZone} replaces one
 * zone; either way the new data is published at once and no query is dropped. A zone file with
 * an error leaves the zones being served unchanged.
 */
public final class AuthoritativeServer implements Closeable {
  private static final System.Logger LOG = System.getLogger(AuthoritativeServer.class.getName());

  private final Builder config;
  private final ZoneSet zones;
  private final Authority authority;
  private final ZoneStore store;
  private final Updater updater;
  private final AnswerCache answers;
  private final RateLimiter limiter;
  private final Map<Name, Secondary> secondaries = new LinkedHashMap<>();
  private final ZoneTransfer transfers;
  private UdpListener udp;
  private TcpListener tcp;

  private AuthoritativeServer(Builder b, ZoneStore store, List<Zone> initial) {
    this.config = b;
    this.store = store;
    this.zones = new ZoneSet(initial);
    if (store != null) {
      for (Zone z : initial) zones.seedJournal(z, store.journal(z.origin()));
    }
    this.authority = new Authority(zones, b.maxUdpPayload());
    this.answers = new AnswerCache(zones, authority);
    this.limiter = b.rateLimit > 0 ? new RateLimiter(b.rateLimit, b.slip, System::nanoTime) : null;
    Map<Name, Tsig.Key> keys = new LinkedHashMap<>();
    for (Tsig.Key k : b.keys) keys.put(k.name(), k);
    this.updater = new Updater(zones, Map.copyOf(keys), store, this::sendNotify);
    Map<Name, Tsig.Key> transferKeys = new LinkedHashMap<>();
    for (Tsig.Key k : b.transferKeys) transferKeys.put(k.name(), k);
    this.transfers = new ZoneTransfer(zones, b.transferAllowed, transferKeys);
    for (Map.Entry<Name, InetSocketAddress> e : b.secondaries.entrySet()) {
      secondaries.put(e.getKey(), new Secondary(e.getKey(), e.getValue(), zones,
          b.bindAddress().isAnyLocalAddress() ? null : b.bindAddress(), b.secondaryKeys.get(e.getKey())));
    }
  }

  /**
   * Answers a datagram on the receiving thread, except UPDATE, which waits for the store: it is
   * answered from a virtual thread so that queries keep flowing meanwhile.
   */
  private byte[] answerDatagram(byte[] data, int length, InetSocketAddress sender) {
    Header peeked = Message.peekHeader(data, length);
    if (peeked != null && peeked.opcode() == Opcode.UPDATE && !peeked.qr()) {
      byte[] copy = Arrays.copyOf(data, length);
      Thread.ofVirtual().name("dns-update").start(() -> {
        byte[] reply = respond(copy, copy.length, sender.getAddress(), 0);
        if (reply == null) return;
        try {
          udp.send(reply, sender);
        } catch (IOException e) {
          LOG.log(System.Logger.Level.DEBUG, () -> "UPDATE reply to " + sender + ": " + e.getMessage());
        }
      });
      return null;
    }
    byte[] reply = respond(data, length, sender.getAddress(), 0);
    if (reply != null && limiter != null) {
      reply = switch (limiter.check(sender.getAddress())) {
        case SEND -> reply;
        case SLIP -> RateLimiter.slip(reply);
        case DROP -> null;
      };
    }
    if (config.transcript() != Transcript.NONE) record(data, length, reply, sender);
    return reply;
  }

  /** Puts a one-line summary of a UDP exchange in the transcript tap (only when one is set). */
  private void record(byte[] data, int length, byte[] reply, InetSocketAddress sender) {
    String peer = sender.getAddress().getHostAddress() + ":" + sender.getPort();
    String service = "dns-" + config.host();
    config.transcript().received(service, peer, summary(data, length));
    config.transcript().sent(service, peer, reply == null ? "(no answer)" : summary(reply, reply.length));
  }

  /** "id 4242 QUERY www.example.com. A" or "id 4242 NOERROR aa answers=1 authority=0 additional=1". */
  static String summary(byte[] data, int length) {
    try {
      Message m = Message.decode(data, 0, length);
      Header h = m.header();
      if (!h.qr()) {
        return "id " + h.id() + " " + Opcode.toText(h.opcode()) + " "
            + (m.question() == null ? "" : m.question().name() + " " + RrTypes.toText(m.question().type()))
            + (h.rd() ? " +rd" : "");
      }
      return "id " + h.id() + " " + Rcode.toText(h.rcode()) + " " + h.flagText() + " answers="
          + m.answers().size() + " authority=" + m.authority().size() + " additional=" + m.additional().size()
          + " (" + length + " bytes)";
    } catch (WireFormatException e) {
      return "<" + length + " bytes, malformed>";
    }
  }

  /** Answers one message over TCP: zone transfers here, the rest as over UDP but unlimited in size. */
  private void answerTcp(TcpDnsHandler.Exchange e) throws IOException {
    byte[] data = e.message();
    Message query = null;
    try {
      query = Message.decode(data);
    } catch (WireFormatException ex) {
      // answered FORMERR by respond
    }
    if (query != null && ZoneTransfer.isRequest(query)) {
      transfers.send(e, query);
      return;
    }
    byte[] response = respond(data, data.length, e.client(), Message.MAX_LENGTH);
    if (response == null) return;
    if (query != null && query.question() != null) {
      e.received(query.question().name() + " " + RrTypes.toText(query.question().type()));
    }
    e.reply(response);
  }

  /**
   * Answers one message from UDP or TCP: queries from the zones, UPDATE, NOTIFY; FORMERR for
   * what cannot be decoded; null to stay silent.
   */
  byte[] respond(byte[] data, int length, InetAddress sender, int limit) {
    if (limit == 0) {
      byte[] fast = answers.answer(data, length);
      if (fast != null) return fast;
    }
    Message query;
    try {
      query = Message.decode(data, 0, length);
    } catch (WireFormatException e) {
      return Authority.formatError(data, length);
    }
    if (query.header().qr()) return null;
    return switch (query.header().opcode()) {
      case Opcode.UPDATE -> updater.handle(data, length, query);
      case Opcode.NOTIFY -> notifyReceived(data, length, query, sender);
      default -> {
        Message response = authority.respond(query);
        yield response == null ? null : response.encode(limit > 0 ? limit : authority.udpLimit(query));
      }
    };
  }

  /**
   * A NOTIFY for a zone we keep a copy of: accepted when signed with the key we transfer the zone
   * with (the answer is then signed too, RFC 8945), or unsigned from the primary's address.
   */
  private byte[] notifyReceived(byte[] data, int length, Message query, InetAddress sender) {
    if (query.questions().size() != 1) return Authority.error(query, Rcode.FORMERR, false, null).encode();
    Secondary s = secondaries.get(query.question().name());
    if (s == null) return Authority.error(query, Rcode.NOTAUTH, true, null).encode();
    Tsig.Key key = s.key();
    Tsig.Verification v = key == null ? null : Tsig.verify(data, length, query,
        n -> n.equals(key.name()) ? key : null, null, System.currentTimeMillis() / 1000);
    boolean signed = v != null && v.status() == Tsig.Status.VALID;
    if (v != null && v.status() != Tsig.Status.VALID && v.status() != Tsig.Status.UNSIGNED) {
      return Authority.error(query, Rcode.NOTAUTH, true, null).encode();
    }
    if (!signed && !s.primary().getAddress().equals(sender)) {
      return Authority.error(query, Rcode.REFUSED, true, null).encode();
    }
    s.notified();
    Header h = query.header().response(Rcode.NOERROR).withAa(true);
    byte[] answer = new Message(h, query.questions(), List.of(), List.of(), List.of(), null).encode();
    return signed ? Tsig.sign(answer, key, System.currentTimeMillis() / 1000, v.mac(), 0) : answer;
  }

  /**
   * Tells the configured secondaries that a zone changed (RFC 1996), in the background: over UDP,
   * or signed over TCP to a secondary configured with a key.
   */
  private void sendNotify(Zone zone) {
    for (Map.Entry<InetSocketAddress, Tsig.Key> e : config.notify.entrySet()) {
      InetSocketAddress target = e.getKey();
      Tsig.Key key = e.getValue();
      Thread.ofVirtual().name("notify-" + zone.origin()).start(() -> {
        Header h = new Header(DnsClient.newId(), false, Opcode.NOTIFY, true, false, false, false,
            false, false, 0);
        Message m = new Message(h, List.of(Question.in(zone.origin(), RrTypes.SOA)),
            List.of(zone.soaRecord()), List.of(), List.of(), null);
        DnsClient.Options o = new DnsClient.Options(Duration.ofSeconds(2), 3, false,
            udp.address().isAnyLocalAddress() ? null : udp.address());
        try {
          int rcode = key == null ? DnsClient.query(target, m, o).response().rcode()
              : DnsClient.exchangeSigned(target, m, key, o).rcode();
          if (rcode != Rcode.NOERROR) {
            LOG.log(System.Logger.Level.INFO, () -> "NOTIFY " + zone.origin() + " to " + target
                + ": " + Rcode.toText(rcode));
          }
        } catch (IOException ex) {
          LOG.log(System.Logger.Level.INFO, () -> "NOTIFY " + zone.origin() + " to " + target + ": " + ex.getMessage());
        }
      });
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  private AuthoritativeServer listen() throws IOException {
    DnsListeners l = config.listen("dns-" + config.host(), "dns", this::answerDatagram, this::answerTcp);
    udp = l.udp();
    tcp = l.tcp();
    for (Secondary s : secondaries.values()) s.start();
    return this;
  }

  /** The UDP and TCP endpoints, bound (the port is known even when 0 was asked). */
  public List<Endpoint> endpoints() {
    return List.of(udp.endpoint(config.host(), "dns"), tcp.endpoint(config.host(), "dns"));
  }

  public InetAddress address() {
    return udp.address();
  }

  public int port() {
    return udp.port();
  }

  /** The zone with this origin, or null. */
  public Zone zone(Name origin) {
    return zones.get(origin);
  }

  /** How this server, as a secondary, transferred a zone each time ("AXFR", "IXFR", ...). */
  List<String> transfers(Name origin) {
    Secondary s = secondaries.get(origin);
    return s == null ? List.of() : s.transfers();
  }

  public List<Zone> zones() {
    return zones.all();
  }

  /**
   * Adds or replaces a zone; queries see the new one from now on. With a store, the zone is
   * stored first; secondaries are notified.
   */
  public void putZone(Zone zone) {
    Zone before = zones.get(zone.origin());
    ZoneJournal.Change change = before != null && SoaRData.serialNewer(zone.serial(), before.serial())
        ? ZoneJournal.diff(before, zone) : null;
    if (store != null) store.save(zone, change);
    zones.put(zone, change);
    sendNotify(zone);
  }

  /**
   * Re-reads every zone file given to the builder and swaps in the new set together with the
   * programmatic zones. On any error nothing changes and the error is thrown.
   */
  public void reload() throws ZoneException, IOException {
    List<Zone> fresh = loadAll(config, store);
    Map<Name, Zone> before = new LinkedHashMap<>();
    for (Zone z : zones.all()) before.put(z.origin(), z);
    List<Zone> all = new ArrayList<>(fresh);
    for (Secondary s : secondaries.values()) {
      Zone z = zones.get(s.origin());
      if (z != null) all.add(z);
    }
    zones.replaceAll(all);
    for (Zone z : fresh) {
      Zone old = before.get(z.origin());
      if (old == null || old.serial() != z.serial()) sendNotify(z);
    }
  }

  /**
   * The configured zones; a zone changed by UPDATE comes from the store unless the file's serial
   * is newer (the operator edited the file since).
   */
  private static List<Zone> loadAll(Builder b, ZoneStore store) throws ZoneException, IOException {
    Map<Name, Zone> all = new LinkedHashMap<>();
    for (Zone z : b.zones) all.put(z.origin(), z);
    for (Map.Entry<Path, Name> f : b.files.entrySet()) {
      Zone z = ZoneFile.load(f.getKey(), f.getValue());
      all.put(z.origin(), z);
    }
    if (store != null) {
      for (Map.Entry<Name, Zone> e : all.entrySet()) {
        Optional<Zone> stored = store.load(e.getKey());
        if (stored.isPresent() && !SoaRData.serialNewer(e.getValue().serial(), stored.get().serial())) {
          e.setValue(stored.get());
        }
      }
      // zones created by UPDATE live only in the store
      for (Name origin : store.origins()) {
        if (all.keySet().stream().noneMatch(n -> n.equals(origin))) store.load(origin).ifPresent(z -> all.put(origin, z));
      }
    }
    return new ArrayList<>(all.values());
  }

  @Override
  public void close() {
    for (Secondary s : secondaries.values()) s.stop();
    if (tcp != null) tcp.close();
    if (udp != null) udp.close();
  }

  /** Configuration of an authoritative server. */
  public static final class Builder extends DnsServerBuilder<Builder> {
    private Builder() {
      super(TcpDnsHandler.Limits.DEFAULT);
    }

    @Override
    protected Builder self() {
      return this;
    }

    private final List<Zone> zones = new ArrayList<>();
    private final Map<Path, Name> files = new LinkedHashMap<>();
    private Predicate<InetAddress> transferAllowed = InetAddress::isLoopbackAddress;
    private final List<Tsig.Key> keys = new ArrayList<>();
    private final List<Tsig.Key> transferKeys = new ArrayList<>();
    private Store store;
    private final Map<InetSocketAddress, Tsig.Key> notify = new LinkedHashMap<>();
    private int rateLimit;
    private int slip = 2;
    private final Map<Name, InetSocketAddress> secondaries = new LinkedHashMap<>();
    private final Map<Name, Tsig.Key> secondaryKeys = new LinkedHashMap<>();

    /** A TSIG key allowed to UPDATE the zones (without any key, UPDATE is refused). */
    /**
     * Response rate limiting over UDP (RRL, against reflection attacks): at most {@code perSecond}
     * responses a second to each client prefix (IPv4 /24, IPv6 /56); beyond that responses are
     * dropped, except every {@code slip}-th, sent truncated so that real clients retry over TCP.
     * Off (0) by default; TCP is never limited.
     */
    public Builder rateLimit(int perSecond, int slip) {
      if (perSecond < 0 || slip < 0) throw new IllegalArgumentException("rate limit " + perSecond + "/" + slip);
      this.rateLimit = perSecond;
      this.slip = slip;
      return this;
    }

    public Builder updateKey(Tsig.Key key) {
      keys.add(Objects.requireNonNull(key));
      return this;
    }

    /** Where zones changed by UPDATE are kept durably (without one, changes live in memory). */
    public Builder store(Store s) {
      this.store = s;
      return this;
    }

    /** A TSIG key that may transfer the zones whatever the client's address (RFC 5936 §6). */
    public Builder transferKey(Tsig.Key key) {
      transferKeys.add(Objects.requireNonNull(key));
      return this;
    }

    /** A secondary server to send NOTIFY to when a zone changes. */
    public Builder notify(InetSocketAddress secondary) {
      notify.put(Objects.requireNonNull(secondary), null);
      return this;
    }

    /**
     * Sends NOTIFY to {@code secondary} signed with {@code key} (over TCP), for a secondary that
     * accepts NOTIFY by key rather than by address.
     */
    public Builder notify(InetSocketAddress secondary, Tsig.Key key) {
      notify.put(Objects.requireNonNull(secondary), Objects.requireNonNull(key));
      return this;
    }

    /** Serves {@code origin} as a secondary, transferred from {@code primary} (AXFR). */
    public Builder secondary(Name origin, InetSocketAddress primary) {
      secondaries.put(origin, Objects.requireNonNull(primary));
      return this;
    }

    /** Like {@link #secondary(Name, InetSocketAddress)}, transferring with a TSIG key. */
    public Builder secondary(Name origin, InetSocketAddress primary, Tsig.Key key) {
      secondaries.put(origin, Objects.requireNonNull(primary));
      secondaryKeys.put(origin, Objects.requireNonNull(key));
      return this;
    }

    public Builder zone(Zone zone) {
      zones.add(zone);
      return this;
    }

    public Builder zones(Collection<Zone> zs) {
      zones.addAll(zs);
      return this;
    }

    /** A zone loaded from a master file now and again on {@link #reload()}. */
    public Builder zoneFile(Path file, Name origin) {
      files.put(file, origin);
      return this;
    }

    /** Which client addresses may transfer zones with AXFR (default: loopback only). */
    public Builder transferAllowed(Predicate<InetAddress> allowed) {
      this.transferAllowed = Objects.requireNonNull(allowed);
      return this;
    }

    /** Loads the zone files, binds UDP and TCP and starts serving. */
    public AuthoritativeServer start() throws IOException, ZoneException {
      ZoneStore zs = store == null ? null : new ZoneStore(store);
      return new AuthoritativeServer(this, zs, loadAll(this, zs)).listen();
    }
  }
}
