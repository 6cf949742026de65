package org.minternet.core.net;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * An immutable set of {@link AddressRange}s, such as the client networks a resolver or proxy
 * serves or the networks allowed to relay mail: {@link #contains} is true when any range contains
 * the address. Parsing follows {@link AddressRange#parse}'s rules for every entry.
 */
public final class AddressRanges {
  /** No address at all. */
  public static final AddressRanges NONE = new AddressRanges(List.of());

  /** Loopback: {@code 127.0.0.0/8} and {@code ::1/128}. */
  public static final AddressRanges LOOPBACK = parse(List.of("127.0.0.0/8", "::1/128"));

  private final List<AddressRange> ranges;

  private AddressRanges(List<AddressRange> ranges) {
    this.ranges = List.copyOf(ranges);
  }

  /**
   * Parses every entry with {@link AddressRange#parse}.
   *
   * @throws IllegalArgumentException naming the first malformed entry
   */
  public static AddressRanges parse(Collection<String> texts) {
    List<AddressRange> out = new ArrayList<>(texts.size());
    for (String t : texts) out.add(AddressRange.parse(t));
    return new AddressRanges(out);
  }

  /** Parses each argument with {@link AddressRange#parse}. */
  public static AddressRanges parse(String... texts) {
    return parse(List.of(texts));
  }

  public static AddressRanges of(Collection<AddressRange> ranges) {
    return new AddressRanges(List.copyOf(ranges));
  }

  /** This set with {@code more} added. */
  public AddressRanges plus(AddressRanges more) {
    List<AddressRange> all = new ArrayList<>(ranges);
    all.addAll(more.ranges);
    return new AddressRanges(all);
  }

  /** Whether any range contains {@code address} (an IPv4-mapped address counts as IPv4). */
  public boolean contains(InetAddress address) {
    byte[] a = AddressRange.unmapped(address.getAddress());
    for (AddressRange r : ranges) if (r.containsUnmapped(a)) return true;
    return false;
  }

  public List<AddressRange> ranges() {
    return ranges;
  }

  public boolean isEmpty() {
    return ranges.isEmpty();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AddressRanges r && r.ranges.equals(ranges);
  }

  @Override
  public int hashCode() {
    return ranges.hashCode();
  }

  /** The ranges in CIDR form, comma-separated. */
  @Override
  public String toString() {
    StringBuilder b = new StringBuilder();
    for (AddressRange r : ranges) b.append(b.isEmpty() ? "" : ",").append(r);
    return b.toString();
  }
}
