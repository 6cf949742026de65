package org.minternet.dns.wire;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The table of record types: mnemonic, wire reader and presentation parser, one line per type.
 * Types not in the table are kept as {@link UnknownRData} and written {@code TYPEnn} / {@code \#}
 * (RFC 3597).
 */
public final class RrTypes {
  public static final int A = 1;
  public static final int NS = 2;
  public static final int CNAME = 5;
  public static final int SOA = 6;
  public static final int PTR = 12;
  public static final int HINFO = 13;
  public static final int MX = 15;
  public static final int TXT = 16;
  public static final int AAAA = 28;
  public static final int SRV = 33;
  public static final int OPT = 41;
  public static final int DS = 43;
  public static final int RRSIG = 46;
  public static final int NSEC = 47;
  public static final int DNSKEY = 48;
  public static final int TSIG = 250;
  public static final int IXFR = 251;
  public static final int AXFR = 252;
  public static final int ANY = 255;
  public static final int CAA = 257;

  @FunctionalInterface
  interface WireReader {
    RData read(DnsInput in, int length) throws WireFormatException;
  }

  @FunctionalInterface
  interface TextParser {
    RData parse(TextInput in) throws WireFormatException;
  }

  private record Entry(int type, String mnemonic, WireReader reader, TextParser parser) {}

  private static final Map<Integer, Entry> BY_TYPE = new HashMap<>();
  private static final Map<String, Integer> BY_NAME = new HashMap<>();

  static {
    add(A, "A", ARData::read, ARData::parse);
    add(NS, "NS", NsRData::read, NsRData::parse);
    add(CNAME, "CNAME", CnameRData::read, CnameRData::parse);
    add(SOA, "SOA", SoaRData::read, SoaRData::parse);
    add(PTR, "PTR", PtrRData::read, PtrRData::parse);
    add(MX, "MX", MxRData::read, MxRData::parse);
    add(TXT, "TXT", TxtRData::read, TxtRData::parse);
    add(AAAA, "AAAA", AaaaRData::read, AaaaRData::parse);
    add(SRV, "SRV", SrvRData::read, SrvRData::parse);
    add(OPT, "OPT", OptRData::read, null);
    add(TSIG, "TSIG", TsigRData::read, null);
    add(CAA, "CAA", CaaRData::read, CaaRData::parse);
    // known mnemonics without a codec of their own: kept as generic data
    for (Object[] m : new Object[][] {{HINFO, "HINFO"}, {DS, "DS"}, {RRSIG, "RRSIG"},
        {NSEC, "NSEC"}, {DNSKEY, "DNSKEY"}, {IXFR, "IXFR"}, {AXFR, "AXFR"}, {ANY, "ANY"}}) {
      BY_NAME.put((String) m[1], (Integer) m[0]);
      BY_TYPE.put((Integer) m[0], new Entry((Integer) m[0], (String) m[1], null, null));
    }
  }

  private static void add(int type, String mnemonic, WireReader reader, TextParser parser) {
    BY_TYPE.put(type, new Entry(type, mnemonic, reader, parser));
    BY_NAME.put(mnemonic, type);
  }

  private RrTypes() {}

  /** Mnemonic or {@code TYPEnn}. */
  public static String toText(int type) {
    Entry e = BY_TYPE.get(type);
    return e != null ? e.mnemonic : "TYPE" + type;
  }

  /** The type for a mnemonic or {@code TYPEnn}, case-insensitively; -1 when not a type. */
  public static int fromText(String s) {
    String u = s.toUpperCase(Locale.ROOT);
    Integer t = BY_NAME.get(u);
    if (t != null) return t;
    if (u.startsWith("TYPE") && u.length() > 4 && u.length() <= 9
        && u.substring(4).chars().allMatch(Character::isDigit)) {
      int v = Integer.parseInt(u.substring(4));
      return v <= 0xffff ? v : -1;
    }
    return -1;
  }

  /** True when this codec has a typed representation for the type. */
  public static boolean isKnown(int type) {
    Entry e = BY_TYPE.get(type);
    return e != null && e.reader != null;
  }

  static RData read(int type, int dnsClass, DnsInput in, int length) throws WireFormatException {
    Entry e = BY_TYPE.get(type);
    // UPDATE uses empty RDATA with class ANY or NONE to delete (RFC 2136 §2.5)
    if (e == null || e.reader == null || (length == 0 && type != OPT
        && (dnsClass == DnsClass.ANY || dnsClass == DnsClass.NONE))) {
      return UnknownRData.read(type, in, length);
    }
    return e.reader.read(in, length);
  }

  /** Decodes the RDATA of a type from its uncompressed wire form. */
  public static RData fromWire(int type, byte[] data) throws WireFormatException {
    DnsInput in = new DnsInput(data);
    int old = in.pushLimit(data.length);
    RData r = read(type, DnsClass.IN, in, data.length);
    if (in.remaining() != 0) throw new WireFormatException("RDATA longer than its contents");
    in.popLimit(old);
    return r;
  }

  /** Parses RDATA in presentation format, typed or in the generic {@code \#} form. */
  public static RData parse(int type, TextInput in) throws WireFormatException {
    Entry e = BY_TYPE.get(type);
    boolean generic = in.hasMore() && peekGeneric(in);
    if (generic) {
      byte[] data = UnknownRData.parseGeneric(in);
      return e != null && e.reader != null ? fromWire(type, data) : new UnknownRData(type, data);
    }
    if (e == null || e.parser == null) {
      throw new WireFormatException("type " + toText(type) + " needs the generic \\# form");
    }
    RData r = e.parser.parse(in);
    in.end();
    return r;
  }

  private static boolean peekGeneric(TextInput in) throws WireFormatException {
    return in.peek().equals("\\#");
  }

  /** The record's RDATA in presentation format ({@code \#} for generic data). */
  public static String dataText(Record r) {
    return r.data().toText();
  }
}
