package org.minternet.dns.wire;

import java.util.ArrayList;
import java.util.List;

/**
 * A DNS message (RFC 1035 §4.1). The OPT pseudo-record is not in {@code additional} but decoded
 * into {@link #edns()} (null without EDNS); the full rcode combines the header's four bits with
 * the OPT record's extended bits.
 *
 * <p>{@link #decode} and {@link #encode} are pure functions of bytes and values.
 */
public record Message(Header header, List<Question> questions, List<Record> answers,
    List<Record> authority, List<Record> additional, Edns edns) {
  /** Classic UDP limit without EDNS (RFC 1035 §4.2.1). */
  public static final int UDP_LIMIT = 512;
  /** Largest message: 16-bit TCP length prefix. */
  public static final int MAX_LENGTH = 65535;

  public Message {
    questions = List.copyOf(questions);
    answers = List.copyOf(answers);
    authority = List.copyOf(authority);
    additional = List.copyOf(additional);
  }

  /** A query for one question, with EDNS advertising {@link Edns#DEFAULT_PAYLOAD}. */
  public static Message query(int id, Question q, boolean rd) {
    return new Message(Header.query(id, rd), List.of(q), List.of(), List.of(), List.of(),
        Edns.of(Edns.DEFAULT_PAYLOAD));
  }

  public int id() {
    return header.id();
  }

  public int rcode() {
    return header.rcode();
  }

  public Question question() {
    return questions.isEmpty() ? null : questions.get(0);
  }

  public Message withHeader(Header h) {
    return new Message(h, questions, answers, authority, additional, edns);
  }

  public Message withEdns(Edns e) {
    return new Message(header, questions, answers, authority, additional, e);
  }

  public Message withAdditional(List<Record> records) {
    return new Message(header, questions, answers, authority, records, edns);
  }

  /** Reads only the ID and flags of something that may not be a valid message; null if short. */
  public static Header peekHeader(byte[] data, int length) {
    if (length < Header.LENGTH) return null;
    return Header.fromFlags(((data[0] & 0xff) << 8) | (data[1] & 0xff),
        ((data[2] & 0xff) << 8) | (data[3] & 0xff));
  }

  public static Message decode(byte[] data) throws WireFormatException {
    return decode(data, 0, data.length);
  }

  /** Decodes one message; anything malformed, including trailing bytes, is an exception. */
  public static Message decode(byte[] data, int offset, int length) throws WireFormatException {
    DnsInput in = new DnsInput(data, offset, length);
    int id = in.u16();
    int flags = in.u16();
    int qd = in.u16();
    int an = in.u16();
    int ns = in.u16();
    int ar = in.u16();
    List<Question> q = new ArrayList<>(Math.min(qd, 4));
    for (int i = 0; i < qd; i++) q.add(Question.read(in));
    List<Record> answers = readSection(in, an);
    List<Record> authority = readSection(in, ns);
    List<Record> additional = readSection(in, ar);
    if (in.remaining() != 0) throw new WireFormatException("trailing bytes after the message");
    Edns edns = null;
    Header h = Header.fromFlags(id, flags);
    for (int i = 0; i < additional.size(); i++) {
      Record r = additional.get(i);
      if (r.type() == RrTypes.OPT) {
        if (edns != null) throw new WireFormatException("more than one OPT record");
        edns = Edns.fromRecord(r);
        additional.remove(i--);
      }
    }
    for (List<Record> s : List.of(answers, authority)) {
      for (Record r : s) {
        if (r.type() == RrTypes.OPT) throw new WireFormatException("OPT record outside additional");
      }
    }
    if (edns != null) h = h.withRcode((edns.extendedRcode() << 4) | h.rcode());
    return new Message(h, q, answers, authority, additional, edns);
  }

  private static List<Record> readSection(DnsInput in, int count) throws WireFormatException {
    List<Record> out = new ArrayList<>(Math.min(count, 16));
    for (int i = 0; i < count; i++) out.add(Record.read(in));
    return out;
  }

  /** Encodes without a size limit (TCP, or building a message to sign). */
  public byte[] encode() {
    return encode(MAX_LENGTH);
  }

  /**
   * Encodes within {@code maxSize} octets. Records of the answer and authority sections that do
   * not fit are left out and TC is set (RFC 2181 §9); additional records that do not fit are
   * left out without TC. The OPT record always fits (its room is kept).
   */
  public byte[] encode(int maxSize) {
    DnsOutput out = new DnsOutput(Math.min(maxSize, 4096));
    Record opt = null;
    int reserve = 0;
    if (edns != null) {
      int rcodeHigh = (header.rcode() >>> 4) & 0xff;
      opt = new Edns(edns.udpPayload(), rcodeHigh, edns.version(), edns.dnssecOk(),
          edns.options()).toRecord();
      DnsOutput probe = new DnsOutput(64);
      opt.write(probe);
      reserve = probe.position();
    }
    int limit = maxSize - reserve;
    out.u16(header.id());
    out.u16(header.flags());
    out.u16(questions.size());
    out.u16(0);
    out.u16(0);
    out.u16(0);
    for (Question q : questions) q.write(out);
    boolean truncated = false;
    int[] counts = new int[3];
    List<List<Record>> sections = List.of(answers, authority, additional);
    for (int s = 0; s < 3 && !truncated; s++) {
      for (Record r : sections.get(s)) {
        int mark = out.position();
        r.write(out);
        if (out.position() > limit) {
          out.truncate(mark);
          if (s < 2) truncated = true;
          break;
        }
        counts[s]++;
      }
      if (s == 2) break;
    }
    if (opt != null) {
      opt.write(out);
      counts[2]++;
    }
    out.u16At(6, counts[0]);
    out.u16At(8, counts[1]);
    out.u16At(10, counts[2]);
    if (truncated) out.u16At(2, header.withTc(true).flags());
    return out.toByteArray();
  }
}
