package org.minternet.dns.wire;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.function.Function;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Transaction signatures (RFC 8945) with HMAC-SHA256: signing a message and checking a signed
 * one. Pure functions of bytes, keys and the clock value passed in.
 */
public final class Tsig {
  public static final Name HMAC_SHA256 = Name.of("hmac-sha256.");
  /** Allowed clock difference, seconds (RFC 8945 §10 recommends 300). */
  public static final int FUDGE = 300;

  /** A shared secret known by name. */
  public record Key(Name name, Name algorithm, byte[] secret) {
    /** A key from {@code name:base64secret}, as in {@code nsupdate -y hmac-sha256:name:secret}. */
    public static Key hmacSha256(String name, String base64Secret) {
      return new Key(Name.of(name), HMAC_SHA256, Base64.getDecoder().decode(base64Secret));
    }
  }

  /** What checking a signed message found. */
  public enum Status { UNSIGNED, VALID, BADKEY, BADSIG, BADTIME, FORMERR }

  /**
   * The outcome of {@link #verify}: the status, the key used, the request MAC (to sign the
   * response with) and the time the client signed at.
   */
  public record Verification(Status status, Key key, byte[] mac, long timeSigned) {}

  private Tsig() {}

  /**
   * Appends a TSIG record to an encoded message.
   *
   * @param requestMac for a response, the MAC of the request; null for a request
   * @param error the TSIG error field (0, or BADTIME and friends in responses)
   */
  public static byte[] sign(byte[] message, Key key, long timeSigned, byte[] requestMac, int error) {
    return sign(message, key, timeSigned, requestMac, error, false);
  }

  /**
   * Signs a later message of a multi-message response (a zone transfer, RFC 8945 §5.3.1): the
   * MAC covers the prior MAC, the message and only the timers.
   */
  public static byte[] signContinuation(byte[] message, Key key, long timeSigned, byte[] priorMac) {
    return sign(message, key, timeSigned, priorMac, 0, true);
  }

  private static byte[] sign(byte[] message, Key key, long timeSigned, byte[] requestMac, int error,
      boolean timersOnly) {
    byte[] mac = timersOnly ? timersMac(key, requestMac, message, timeSigned, FUDGE)
        : mac(key, requestMac, message, timeSigned, FUDGE, error, new byte[0]);
    int id = ((message[0] & 0xff) << 8) | (message[1] & 0xff);
    TsigRData data = new TsigRData(key.algorithm(), timeSigned, FUDGE, mac, id, error, new byte[0]);
    DnsOutput out = new DnsOutput(message.length + 128);
    out.bytes(message);
    out.name(key.name(), false);
    out.u16(RrTypes.TSIG);
    out.u16(DnsClass.ANY);
    out.u32(0);
    int lengthAt = out.position();
    out.u16(0);
    data.write(out);
    out.u16At(lengthAt, out.position() - lengthAt - 2);
    byte[] signed = out.toByteArray();
    int ar = ((signed[10] & 0xff) << 8) | (signed[11] & 0xff);
    signed[10] = (byte) ((ar + 1) >>> 8);
    signed[11] = (byte) (ar + 1);
    return signed;
  }

  /** The MAC of a signed message, or null when it carries no TSIG. */
  public static byte[] macOf(Message m) {
    if (m.additional().isEmpty()) return null;
    Record last = m.additional().get(m.additional().size() - 1);
    return last.data() instanceof TsigRData t ? t.mac() : null;
  }

  /**
   * Checks the TSIG record of a message that {@link Message#decode} accepted.
   *
   * @param keys finds a key by name (null when unknown)
   * @param requestMac when checking a response, the MAC of our request; else null
   * @param now the current time in seconds since the epoch
   */
  public static Verification verify(byte[] data, int length, Message m, Function<Name, Key> keys,
      byte[] requestMac, long now) {
    return verify(data, length, m, keys, requestMac, now, false);
  }

  /**
   * Checks a later message of a signed multi-message response (RFC 8945 §5.3.1): its MAC covers
   * the prior message's MAC, the message and the timers only.
   */
  public static Verification verifyContinuation(byte[] data, int length, Message m, Key key,
      byte[] priorMac, long now) {
    return verify(data, length, m, n -> n.equals(key.name()) ? key : null, priorMac, now, true);
  }

  private static Verification verify(byte[] data, int length, Message m, Function<Name, Key> keys,
      byte[] requestMac, long now, boolean continuation) {
    int tsigs = 0;
    for (Record r : m.additional()) if (r.type() == RrTypes.TSIG) tsigs++;
    if (tsigs == 0) return new Verification(Status.UNSIGNED, null, null, 0);
    Record last = m.additional().get(m.additional().size() - 1);
    if (tsigs > 1 || !(last.data() instanceof TsigRData t) || last.dnsClass() != DnsClass.ANY
        || last.ttl() != 0) {
      return new Verification(Status.FORMERR, null, null, 0);
    }
    Key key = keys.apply(last.name());
    if (key == null || !key.algorithm().equals(t.algorithm())) {
      return new Verification(Status.BADKEY, null, null, t.timeSigned());
    }
    int start;
    try {
      start = lastRecordOffset(data, length);
    } catch (WireFormatException e) {
      return new Verification(Status.FORMERR, key, null, 0);
    }
    byte[] unsigned = Arrays.copyOf(data, start);
    // the MAC covers the message with its original ID and without the TSIG record
    unsigned[0] = (byte) (t.originalId() >>> 8);
    unsigned[1] = (byte) t.originalId();
    int ar = ((unsigned[10] & 0xff) << 8) | (unsigned[11] & 0xff);
    unsigned[10] = (byte) ((ar - 1) >>> 8);
    unsigned[11] = (byte) (ar - 1);
    byte[] expected = continuation
        ? timersMac(key, requestMac, unsigned, t.timeSigned(), t.fudge())
        : mac(key, requestMac, unsigned, t.timeSigned(), t.fudge(), t.error(), t.otherData());
    if (t.mac().length < 16 || !MessageDigest.isEqual(truncate(expected, t.mac().length), t.mac())) {
      return new Verification(Status.BADSIG, key, null, t.timeSigned());
    }
    if (Math.abs(now - t.timeSigned()) > t.fudge()) {
      return new Verification(Status.BADTIME, key, t.mac(), t.timeSigned());
    }
    return new Verification(Status.VALID, key, t.mac(), t.timeSigned());
  }

  private static byte[] truncate(byte[] mac, int n) {
    return n >= mac.length ? mac : Arrays.copyOf(mac, n);
  }

  private static byte[] timersMac(Key key, byte[] priorMac, byte[] message, long time, int fudge) {
    DnsOutput v = new DnsOutput(message.length + 64);
    v.u16(priorMac.length);
    v.bytes(priorMac);
    v.bytes(message);
    v.u16((int) (time >>> 32));
    v.u32(time & 0xFFFFFFFFL);
    v.u16(fudge);
    return hmac(key, v.toByteArray());
  }

  private static byte[] hmac(Key key, byte[] data) {
    try {
      Mac hmac = Mac.getInstance("HmacSHA256");
      hmac.init(new SecretKeySpec(key.secret().length == 0 ? new byte[1] : key.secret(), "HmacSHA256"));
      return hmac.doFinal(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA256 unavailable", e);
    }
  }

  private static byte[] mac(Key key, byte[] requestMac, byte[] message, long time, int fudge,
      int error, byte[] other) {
    DnsOutput v = new DnsOutput(message.length + 128);
    if (requestMac != null) {
      v.u16(requestMac.length);
      v.bytes(requestMac);
    }
    v.bytes(message);
    v.name(key.name().toLowerCase(), false);
    v.u16(DnsClass.ANY);
    v.u32(0);
    v.name(key.algorithm().toLowerCase(), false);
    v.u16((int) (time >>> 32));
    v.u32(time & 0xFFFFFFFFL);
    v.u16(fudge);
    v.u16(error);
    v.u16(other.length);
    v.bytes(other);
    return hmac(key, v.toByteArray());
  }

  /** Offset of the last record of a message (where its TSIG starts). */
  static int lastRecordOffset(byte[] data, int length) throws WireFormatException {
    DnsInput in = new DnsInput(data, 0, length);
    in.skip(4);
    int qd = in.u16();
    int total = in.u16() + in.u16() + in.u16();
    for (int i = 0; i < qd; i++) {
      Name.read(in);
      in.skip(4);
    }
    int last = -1;
    for (int i = 0; i < total; i++) {
      last = in.position();
      Name.read(in);
      in.skip(8);
      in.skip(in.u16());
    }
    if (last < 0) throw new WireFormatException("no records");
    return last;
  }
}
