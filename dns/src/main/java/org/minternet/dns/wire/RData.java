package org.minternet.dns.wire;

/**
 * The data of one resource record, one implementation per type registered in {@link RrTypes};
 * types without one are kept as {@link UnknownRData} (RFC 3597).
 */
public interface RData {
  /** The record type this data belongs to. */
  int type();

  /**
   * Writes the RDATA (without RDLENGTH). Names inside RDATA are compressed only for the types of
   * RFC 1035 (RFC 3597 §4).
   */
  void write(DnsOutput out);

  /** Presentation format of the RDATA (as in a zone file). */
  String toText();
}
