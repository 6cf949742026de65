package org.minternet.p2p.metainfo;

/** Which metainfo a new torrent gets. */
public enum TorrentVersion {
  /** BEP 3: SHA-1 piece hashes, the form every client reads. */
  V1,
  /** BEP 52 only: a SHA-256 merkle tree per file, read by libtorrent 2 and qBittorrent 4.4+. */
  V2,
  /** BEP 52 hybrid: both, the v1 files aligned to pieces with padding files, one swarm for both kinds of client. */
  HYBRID
}
