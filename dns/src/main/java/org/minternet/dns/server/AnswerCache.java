package org.minternet.dns.server;

import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import org.minternet.dns.wire.Message;
import org.minternet.dns.wire.Record;
import org.minternet.dns.wire.RrTypes;

/**
 * Encoded UDP answers of the current zones, reused for the same question: the fast path of the
 * authoritative server. A hit costs a scan of the question, one hash lookup and a copy, with the
 * query's ID, RD and CD bits and its question (with its letter case) patched in.
 *
 * <p>Only simple queries use it: one question, no other records but an OPT; answers that rotate
 * (several A or AAAA records) are not cached. The cache belongs to one set of zones: any change
 * of the zones starts an empty one.
 */
final class AnswerCache {
  /** Entries kept before the cache starts afresh. */
  static final int MAX_ENTRIES = 50_000;

  private record Generation(Object zones, ConcurrentHashMap<Key, byte[]> answers) {}

  /** The question in lower case plus what else changes the answer. */
  private record Key(byte[] question, int variant) {
    @Override
    public boolean equals(Object o) {
      return o instanceof Key k && k.variant == variant && Arrays.equals(k.question, question);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(question) * 31 + variant;
    }
  }

  private final ZoneSet zones;
  private final Authority authority;
  private volatile Generation generation;

  AnswerCache(ZoneSet zones, Authority authority) {
    this.zones = zones;
    this.authority = authority;
    this.generation = new Generation(zones.snapshot(), new ConcurrentHashMap<>());
  }

  /**
   * The encoded UDP answer, from the cache when possible; null when the query is not simple
   * enough for the fast path (the caller then takes the general one).
   */
  byte[] answer(byte[] q, int length) {
    // header: not a response, opcode QUERY, QDCOUNT 1, ANCOUNT 0, NSCOUNT 0, ARCOUNT 0 or 1
    if (length < 17 || (q[2] & 0xf8) != 0 || q[4] != 0 || q[5] != 1 || q[6] != 0 || q[7] != 0
        || q[8] != 0 || q[9] != 0 || q[10] != 0 || (q[11] & 0xfe) != 0) {
      return null;
    }
    int p = 12;
    int labels = 0;
    while (true) {
      if (p >= length) return null;
      int len = q[p] & 0xff;
      if (len == 0) break;
      if (len > 63 || ++labels > 127) return null;
      p += len + 1;
    }
    int questionEnd = p + 5;
    if (questionEnd - 12 > 255 + 4 || questionEnd > length) return null;
    int limit = Message.UDP_LIMIT;
    int edns = 0;
    if (q[11] == 1) {
      // the OPT record: root owner, type 41, class = payload, TTL with version 0, then options
      int o = questionEnd;
      if (o + 11 > length || q[o] != 0 || q[o + 1] != 0 || q[o + 2] != 41) return null;
      int payload = ((q[o + 3] & 0xff) << 8) | (q[o + 4] & 0xff);
      if (q[o + 6] != 0) return null; // EDNS version other than 0: BADVERS, general path
      int rdlen = ((q[o + 9] & 0xff) << 8) | (q[o + 10] & 0xff);
      if (o + 11 + rdlen != length) return null;
      limit = authority.udpLimit(payload);
      edns = 1 | ((q[o + 7] & 0x80) != 0 ? 2 : 0);
    } else if (questionEnd != length) {
      return null;
    }
    byte[] key = Arrays.copyOfRange(q, 12, questionEnd);
    for (int i = 0; i < key.length - 4; i++) {
      byte b = key[i];
      if (b >= 'A' && b <= 'Z') key[i] = (byte) (b + 32);
    }
    Key k = new Key(key, edns | limit << 2);
    Generation g = generation;
    Object current = zones.snapshot();
    if (g.zones() != current) {
      g = new Generation(current, new ConcurrentHashMap<>());
      generation = g;
    }
    byte[] cached = g.answers().get(k);
    if (cached == null) {
      byte[] fresh = compute(q, length, limit, g, k);
      if (fresh == null) return null;
      cached = fresh;
    }
    byte[] out = cached.clone();
    out[0] = q[0];
    out[1] = q[1];
    out[2] = (byte) ((out[2] & ~0x01) | (q[2] & 0x01)); // RD
    out[3] = (byte) ((out[3] & ~0x10) | (q[3] & 0x10)); // CD
    System.arraycopy(q, 12, out, 12, questionEnd - 12 - 4); // the name as the client wrote it
    return out;
  }

  private byte[] compute(byte[] q, int length, int limit, Generation g, Key k) {
    Message query;
    try {
      query = Message.decode(q, 0, length);
    } catch (org.minternet.dns.wire.WireFormatException e) {
      return null;
    }
    Message response = authority.respond(query);
    if (response == null || response.questions().size() != 1) return null;
    byte[] encoded = response.encode(limit);
    if (!rotates(response)) {
      if (g.answers().size() >= MAX_ENTRIES) g.answers().clear();
      g.answers().put(k, encoded);
    }
    return encoded;
  }

  /** True when an answer holds several address records of one name (round robin). */
  private static boolean rotates(Message m) {
    int addresses = 0;
    for (Record r : m.answers()) {
      if (r.type() == RrTypes.A || r.type() == RrTypes.AAAA) addresses++;
    }
    return addresses > 1;
  }
}
