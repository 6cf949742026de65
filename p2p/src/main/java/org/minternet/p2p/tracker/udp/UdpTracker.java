package org.minternet.p2p.tracker.udp;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.minternet.core.Endpoint;
import org.minternet.core.net.UdpListener;
import org.minternet.core.tap.Transcript;
import org.minternet.p2p.tracker.Announce;
import org.minternet.p2p.tracker.AnnounceEvent;
import org.minternet.p2p.tracker.AnnounceReply;
import org.minternet.p2p.tracker.ScrapeEntry;
import org.minternet.p2p.tracker.Swarms;
import org.minternet.p2p.tracker.TrackerRefusal;

/**
 * The UDP tracker protocol (BEP 15) on {@link UdpListener}: connect, announce, scrape, error.
 *
 * <ol>
 *   <li>A datagram that is no request of BEP 15 (short, unknown action, wrong protocol id) is
 *       dropped.
 *   <li>{@code connect} is answered with a connection ID bound to the sender's address and the
 *       time ({@link ConnectionIds}): no state is kept for it.
 *   <li>{@code announce} and {@code scrape} with an ID that is not the sender's current one are
 *       dropped: a spoofed source address gets no answer, so the tracker reflects nothing.
 *   <li>An announce records the peer at the datagram's source address (the {@code ip} field
 *       only with {@code trustClientAddress}) and the port it gives, in {@link Swarms}; a
 *       refusal is an error datagram with the tracker's own reason.
 * </ol>
 */
public final class UdpTracker implements AutoCloseable {
  private static final String SERVICE = "udp-tracker";

  private final Swarms swarms;
  private final ConnectionIds ids;
  private final Transcript transcript;
  private final AtomicLong dropped = new AtomicLong();
  private UdpListener listener;
  private String host = "tracker";

  private UdpTracker(Swarms swarms, Clock clock, Duration window, Transcript transcript) {
    this.swarms = swarms;
    this.ids = new ConnectionIds(clock, window);
    this.transcript = transcript;
  }

  public static Builder builder(Swarms swarms) {
    return new Builder(swarms);
  }

  public Endpoint endpoint() {
    return listener.endpoint(host, SERVICE);
  }

  public int port() {
    return listener.port();
  }

  /** Datagrams received by the listener. */
  public long receivedDatagrams() {
    return listener == null ? 0 : listener.receivedDatagrams();
  }

  /** Datagrams dropped: malformed, or with a connection ID that is not the sender's. */
  public long droppedDatagrams() {
    return dropped.get();
  }

  /** Answers one datagram (null: no answer). Never throws for bad input. */
  byte[] handle(byte[] data, int length, InetSocketAddress sender) {
    Optional<UdpTrackerRequest> parsed = UdpTrackerRequest.parse(data, length);
    if (parsed.isEmpty()) {
      dropped.incrementAndGet();
      return null;
    }
    String peer = sender.getAddress().getHostAddress() + ":" + sender.getPort();
    return switch (parsed.get()) {
      case UdpTrackerRequest.Connect c -> {
        transcript.received(SERVICE, peer, "connect");
        yield UdpTrackerReply.connect(c.transactionId(), ids.issue(sender));
      }
      case UdpTrackerRequest.Announce a -> {
        if (!ids.valid(a.connectionId(), sender)) yield drop();
        yield announce(a, sender, peer);
      }
      case UdpTrackerRequest.Scrape s -> {
        if (!ids.valid(s.connectionId(), sender)) yield drop();
        List<ScrapeEntry> entries = new ArrayList<>(s.infoHashes().size());
        for (byte[] h : s.infoHashes()) entries.add(swarms.scrape(h));
        transcript.received(SERVICE, peer, "scrape " + s.infoHashes().size() + " hashes");
        yield UdpTrackerReply.scrape(s.transactionId(), entries);
      }
    };
  }

  private byte[] drop() {
    dropped.incrementAndGet();
    return null;
  }

  private byte[] announce(UdpTrackerRequest.Announce a, InetSocketAddress sender, String peer) {
    AnnounceEvent event = AnnounceEvent.ofUdpCode(a.event());
    if (event == null) return UdpTrackerReply.error(a.transactionId(), "invalid event");
    InetAddress address = sender.getAddress();
    if (swarms.config().trustClientAddress() && a.ip() != 0 && address instanceof Inet4Address) {
      try {
        address = InetAddress.getByAddress(ByteBuffer.allocate(4).putInt(a.ip()).array());
      } catch (UnknownHostException e) {
        throw new IllegalStateException("four bytes are an IPv4 address", e);
      }
    }
    transcript.received(SERVICE, peer, "announce " + HexFormat.of().formatHex(a.infoHash()) + " " + event
        + " left=" + a.left() + " port=" + a.port());
    try {
      AnnounceReply r = swarms.announce(new Announce(a.infoHash(), a.peerId(), new InetSocketAddress(address, a.port()),
          a.uploaded(), a.downloaded(), a.left(), event, a.numWant()));
      transcript.sent(SERVICE, peer, "announce seeders=" + r.seeders() + " leechers=" + r.leechers()
          + " peers=" + r.peers().size());
      return UdpTrackerReply.announce(a.transactionId(), (int) swarms.config().interval().toSeconds(), r);
    } catch (TrackerRefusal e) {
      transcript.sent(SERVICE, peer, "error " + e.failureReason());
      return UdpTrackerReply.error(a.transactionId(), e.failureReason());
    }
  }

  @Override
  public void close() {
    if (listener != null) listener.close();
  }

  public static final class Builder {
    private final Swarms swarms;
    private InetAddress bind = InetAddress.getLoopbackAddress();
    private int port;
    private String host = "tracker";
    private Clock clock = Clock.systemUTC();
    private Duration window = ConnectionIds.DEFAULT_WINDOW;
    private Transcript transcript = Transcript.NONE;

    private Builder(Swarms swarms) {
      this.swarms = Objects.requireNonNull(swarms);
    }

    public Builder bind(InetAddress address) {
      this.bind = Objects.requireNonNull(address);
      return this;
    }

    /** 0 picks a free port (BEP 15 trackers commonly use 6969). */
    public Builder port(int port) {
      this.port = port;
      return this;
    }

    public Builder host(String name) {
      this.host = Objects.requireNonNull(name);
      return this;
    }

    /** The clock of connection-ID windows (tests move it). */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock);
      return this;
    }

    public Builder transcript(Transcript t) {
      this.transcript = t == null ? Transcript.NONE : t;
      return this;
    }

    /** A tracker that answers {@link UdpTracker#handle} but listens nowhere (for tests of the wire format). */
    UdpTracker unbound() {
      UdpTracker t = new UdpTracker(swarms, clock, window, transcript);
      t.host = host;
      return t;
    }

    public UdpTracker start() throws IOException {
      UdpTracker t = unbound();
      t.listener = UdpListener.builder().name(SERVICE).bind(bind).port(port).inline(true).transcript(transcript)
          .handler(t::handle).start();
      return t;
    }
  }
}
