package org.minternet.p2p.tracker.http;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.minternet.p2p.tracker.Announce;
import org.minternet.p2p.tracker.AnnounceEvent;

/**
 * The query string of an HTTP announce (BEP 3) or scrape (BEP 48), parsed at the edge into an
 * {@link Announce} or a list of info hashes. {@code info_hash} and {@code peer_id} are raw
 * bytes, %-escaped: they are decoded as bytes, never as text.
 *
 * <p>Limits: the query at most {@link #MAX_QUERY} characters and {@link #MAX_PARAMETERS}
 * parameters, a scrape at most {@link #MAX_SCRAPE_HASHES} hashes. The peer's address is the
 * connection's; the {@code ip} parameter is used only when the tracker trusts it.
 */
public final class HttpTrackerQuery {
  /** Longest query read (an announce is about 300 characters). */
  public static final int MAX_QUERY = 4096;
  /** Most parameters read. */
  public static final int MAX_PARAMETERS = 100;
  /** Most hashes in one scrape (as many as BEP 15 allows in a datagram). */
  public static final int MAX_SCRAPE_HASHES = 74;

  private HttpTrackerQuery() {}

  /** A query the tracker cannot use, with the {@code failure reason} to send (our words). */
  public static final class BadQuery extends Exception {
    public BadQuery(String failureReason) {
      super(failureReason);
    }
  }

  /** One parameter, its value %-decoded to bytes. */
  record Parameter(String name, byte[] value) {
    String text() {
      return new String(value, StandardCharsets.ISO_8859_1);
    }
  }

  static List<Parameter> parameters(String query) throws BadQuery {
    if (query == null) return List.of();
    if (query.length() > MAX_QUERY) throw new BadQuery("request too long");
    String[] parts = query.split("&", MAX_PARAMETERS + 1);
    if (parts.length > MAX_PARAMETERS) throw new BadQuery("too many parameters");
    List<Parameter> out = new ArrayList<>(parts.length);
    for (String p : parts) {
      if (p.isEmpty()) continue;
      int eq = p.indexOf('=');
      String name = eq < 0 ? p : p.substring(0, eq);
      out.add(new Parameter(new String(decode(name), StandardCharsets.UTF_8), decode(eq < 0 ? "" : p.substring(eq + 1))));
    }
    return out;
  }

  /** %-decoding to bytes; {@code +} is a space (the form encoding clients use). */
  static byte[] decode(String s) throws BadQuery {
    ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '%') {
        if (i + 2 >= s.length()) throw new BadQuery("malformed %-escape");
        int hi = Character.digit(s.charAt(i + 1), 16);
        int lo = Character.digit(s.charAt(i + 2), 16);
        if (hi < 0 || lo < 0) throw new BadQuery("malformed %-escape");
        out.write(hi << 4 | lo);
        i += 2;
      } else if (c == '+') {
        out.write(' ');
      } else if (c < 0x80) {
        out.write(c);
      } else {
        throw new BadQuery("unescaped byte in the query");
      }
    }
    return out.toByteArray();
  }

  private static Optional<Parameter> first(List<Parameter> ps, String name) {
    for (Parameter p : ps) if (p.name.equals(name)) return Optional.of(p);
    return Optional.empty();
  }

  private static long number(List<Parameter> ps, String name, long absent, long min, long max) throws BadQuery {
    Optional<Parameter> p = first(ps, name);
    if (p.isEmpty()) return absent;
    String t = p.get().text();
    if (t.isEmpty() || t.length() > 19 || !t.chars().allMatch(c -> c == '-' || Character.isDigit(c))) {
      throw new BadQuery("invalid " + name);
    }
    long v;
    try {
      v = Long.parseLong(t);
    } catch (NumberFormatException e) {
      throw new BadQuery("invalid " + name);
    }
    if (v < min || v > max) throw new BadQuery("invalid " + name);
    return v;
  }

  private static byte[] twenty(List<Parameter> ps, String name) throws BadQuery {
    Optional<Parameter> p = first(ps, name);
    if (p.isEmpty()) throw new BadQuery("missing " + name);
    if (p.get().value.length != 20) throw new BadQuery("invalid " + name);
    return p.get().value;
  }

  /**
   * The announce of {@code query} from {@code remote} (the connection's peer address).
   *
   * @param trustClientAddress take {@code ip=} (an IP literal, never a name to resolve) instead
   *     of the connection's address
   */
  public static Announce announce(String query, InetAddress remote, boolean trustClientAddress) throws BadQuery {
    List<Parameter> ps = parameters(query);
    byte[] infoHash = twenty(ps, "info_hash");
    byte[] peerId = twenty(ps, "peer_id");
    int port = (int) number(ps, "port", -1, 1, 65535);
    if (port < 0) throw new BadQuery("missing port");
    long uploaded = number(ps, "uploaded", 0, 0, Long.MAX_VALUE);
    long downloaded = number(ps, "downloaded", 0, 0, Long.MAX_VALUE);
    long left = number(ps, "left", 0, 0, Long.MAX_VALUE);
    int numWant = (int) number(ps, "numwant", -1, -1, 10_000);
    AnnounceEvent event = switch (first(ps, "event").map(Parameter::text).orElse("")) {
      case "", "empty" -> AnnounceEvent.NONE;
      case "started" -> AnnounceEvent.STARTED;
      case "completed" -> AnnounceEvent.COMPLETED;
      case "stopped" -> AnnounceEvent.STOPPED;
      default -> throw new BadQuery("invalid event");
    };
    InetAddress address = remote;
    Optional<Parameter> ip = first(ps, "ip");
    if (trustClientAddress && ip.isPresent()) address = ipLiteral(ip.get().text());
    return new Announce(infoHash, peerId, new InetSocketAddress(address, port), uploaded, downloaded, left, event, numWant);
  }

  /** The info hashes of a scrape query ({@code info_hash} repeated); empty asks for every swarm. */
  public static List<byte[]> scrape(String query) throws BadQuery {
    List<byte[]> hashes = new ArrayList<>();
    for (Parameter p : parameters(query)) {
      if (!p.name.equals("info_hash")) continue;
      if (p.value.length != 20) throw new BadQuery("invalid info_hash");
      if (hashes.size() == MAX_SCRAPE_HASHES) throw new BadQuery("too many info_hash");
      hashes.add(p.value);
    }
    return hashes;
  }

  private static InetAddress ipLiteral(String s) throws BadQuery {
    boolean v4 = s.matches("\\d{1,3}(\\.\\d{1,3}){3}");
    boolean v6 = s.indexOf(':') >= 0 && s.matches("[0-9A-Fa-f:.]+");
    if (!v4 && !v6) throw new BadQuery("invalid ip");
    try {
      return InetAddress.getByName(s); // a literal: no name lookup
    } catch (UnknownHostException e) {
      throw new BadQuery("invalid ip");
    }
  }
}
