package org.minternet.p2p.tracker;

import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.Objects;

/**
 * One announce, as the tracker takes it whatever the transport (HTTP or UDP).
 *
 * @param infoHash 20 bytes (a v1 hash, or a v2 hash truncated, BEP 52)
 * @param peerId the client's 20-byte id
 * @param peer where other peers reach it: the announcing connection's address and the port it gave
 * @param left bytes it still lacks (0: a seeder)
 * @param event what happened
 * @param numWant peers asked for; negative: the tracker's default
 */
public record Announce(byte[] infoHash, byte[] peerId, InetSocketAddress peer, long uploaded, long downloaded,
    long left, AnnounceEvent event, int numWant) {
  public Announce {
    if (infoHash.length != 20 || peerId.length != 20) throw new IllegalArgumentException("20-byte info hash and peer id");
    Objects.requireNonNull(peer);
    Objects.requireNonNull(event);
    infoHash = infoHash.clone();
    peerId = peerId.clone();
  }

  @Override
  public byte[] infoHash() {
    return infoHash.clone();
  }

  @Override
  public byte[] peerId() {
    return peerId.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Announce a && Arrays.equals(a.infoHash, infoHash) && Arrays.equals(a.peerId, peerId)
        && a.peer.equals(peer) && a.uploaded == uploaded && a.downloaded == downloaded && a.left == left
        && a.event == event && a.numWant == numWant;
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(infoHash) * 31 + peer.hashCode();
  }
}
