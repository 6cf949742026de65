package org.minternet.p2p.tracker;

/** The {@code event} of an announce (BEP 3), with its code in BEP 15's UDP announce. */
public enum AnnounceEvent {
  /** A regular announce, sent every interval. */
  NONE,
  /** The download finished (counted once per peer in the swarm's {@code downloaded}). */
  COMPLETED,
  /** The first announce of a peer. */
  STARTED,
  /** The peer leaves the swarm. */
  STOPPED;

  /** BEP 15's code: 0 none, 1 completed, 2 started, 3 stopped; null for another value. */
  public static AnnounceEvent ofUdpCode(int code) {
    return code >= 0 && code < 4 ? values()[code] : null;
  }
}
