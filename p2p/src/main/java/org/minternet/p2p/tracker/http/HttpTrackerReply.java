package org.minternet.p2p.tracker.http;

import java.io.ByteArrayOutputStream;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.util.Map;
import org.minternet.p2p.bencode.BencodeDictionary;
import org.minternet.p2p.bencode.BencodeString;
import org.minternet.p2p.bencode.BencodeWriter;
import org.minternet.p2p.tracker.AnnounceReply;
import org.minternet.p2p.tracker.ScrapeEntry;
import org.minternet.p2p.tracker.TrackerConfig;

/**
 * Bencoded bodies of HTTP tracker replies. Peers are always compact (BEP 23, which lets a
 * tracker answer compactly whatever {@code compact} asks; {@code no_peer_id} is then moot):
 * IPv4 peers 6 bytes each in {@code peers}, IPv6 peers 18 bytes each in {@code peers6} (BEP 7).
 */
public final class HttpTrackerReply {
  private HttpTrackerReply() {}

  /** {@code interval}, {@code min interval}, {@code complete}, {@code incomplete}, {@code peers}, {@code peers6}. */
  public static byte[] announce(AnnounceReply reply, TrackerConfig config) {
    ByteArrayOutputStream v4 = new ByteArrayOutputStream();
    ByteArrayOutputStream v6 = new ByteArrayOutputStream();
    for (InetSocketAddress p : reply.peers()) {
      ByteArrayOutputStream out = p.getAddress() instanceof Inet4Address ? v4 : v6;
      out.writeBytes(p.getAddress().getAddress());
      out.write(p.getPort() >>> 8);
      out.write(p.getPort() & 0xff);
    }
    BencodeDictionary.Builder d = BencodeDictionary.builder()
        .put("interval", config.interval().toSeconds())
        .put("min interval", config.minInterval().toSeconds())
        .put("complete", reply.seeders())
        .put("incomplete", reply.leechers())
        .put("peers", v4.toByteArray());
    if (v6.size() > 0) d.put("peers6", v6.toByteArray());
    return BencodeWriter.encode(d.build());
  }

  /** BEP 48: {@code files} maps each raw 20-byte info hash to its counts. */
  public static byte[] scrape(Map<BencodeString, ScrapeEntry> entries) {
    BencodeDictionary.Builder files = BencodeDictionary.builder();
    entries.forEach((hash, e) -> files.put(hash, BencodeDictionary.builder().put("complete", e.seeders())
        .put("downloaded", e.completed()).put("incomplete", e.leechers()).build()));
    return BencodeWriter.encode(BencodeDictionary.builder().put("files", files.build()).build());
  }

  /** {@code failure reason} (BEP 3): the tracker's own text. */
  public static byte[] failure(String reason) {
    return BencodeWriter.encode(BencodeDictionary.builder().put("failure reason", reason).build());
  }
}
