package org.minternet.p2p.tracker;

/** A swarm's counts (BEP 48 {@code complete}, {@code downloaded}, {@code incomplete}). */
public record ScrapeEntry(int seeders, int completed, int leechers) {
  public static final ScrapeEntry EMPTY = new ScrapeEntry(0, 0, 0);
}
