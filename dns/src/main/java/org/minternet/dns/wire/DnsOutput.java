package org.minternet.dns.wire;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * Growable writer of one DNS message, with the name compression table (RFC 1035 §4.1.4): each
 * name suffix written at an offset below 0x4000 can be pointed to by later names.
 */
public final class DnsOutput {
  private byte[] buf;
  private int pos;
  private final Map<Name, Integer> suffixes = new HashMap<>();

  public DnsOutput(int initialCapacity) {
    buf = new byte[Math.max(16, initialCapacity)];
  }

  public DnsOutput() {
    this(512);
  }

  public int position() {
    return pos;
  }

  private void ensure(int n) {
    if (pos + n > buf.length) buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + n));
  }

  public void u8(int v) {
    ensure(1);
    buf[pos++] = (byte) v;
  }

  public void u16(int v) {
    ensure(2);
    buf[pos++] = (byte) (v >>> 8);
    buf[pos++] = (byte) v;
  }

  public void u32(long v) {
    ensure(4);
    buf[pos++] = (byte) (v >>> 24);
    buf[pos++] = (byte) (v >>> 16);
    buf[pos++] = (byte) (v >>> 8);
    buf[pos++] = (byte) v;
  }

  public void bytes(byte[] b) {
    bytes(b, 0, b.length);
  }

  public void bytes(byte[] b, int off, int len) {
    ensure(len);
    System.arraycopy(b, off, buf, pos, len);
    pos += len;
  }

  /** Overwrites a 16-bit value written earlier (counts, RDLENGTH). */
  public void u16At(int offset, int v) {
    buf[offset] = (byte) (v >>> 8);
    buf[offset + 1] = (byte) v;
  }

  /** Writes a name, pointing to an earlier copy of its longest known suffix when allowed. */
  public void name(Name name, boolean compress) {
    int n = name.labelCount();
    for (int i = 0; i < n; i++) {
      Name suffix = i == 0 ? name : name.suffix(i);
      if (compress) {
        Integer at = suffixes.get(suffix);
        if (at != null) {
          u16(0xC000 | at);
          return;
        }
      }
      if (pos < 0x4000) suffixes.putIfAbsent(suffix, pos);
      byte[] label = name.label(i);
      u8(label.length);
      bytes(label);
    }
    u8(0);
  }

  /** Forgets everything written from {@code offset} on (a record that did not fit). */
  public void truncate(int offset) {
    if (offset >= pos) return;
    pos = offset;
    for (Iterator<Integer> it = suffixes.values().iterator(); it.hasNext(); ) {
      if (it.next() >= offset) it.remove();
    }
  }

  public byte[] toByteArray() {
    return Arrays.copyOf(buf, pos);
  }
}
