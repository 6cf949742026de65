package org.minternet.p2p.metainfo;

/**
 * A .torrent file or magnet link that is not valid metainfo: not bencoding (the cause is then a
 * {@link org.minternet.p2p.bencode.BencodeException}), a field missing or of the wrong type, or
 * values that contradict each other. The message names the field, never quotes the input.
 */
public final class MetainfoException extends Exception {
  public MetainfoException(String message) {
    super(message);
  }

  public MetainfoException(String message, Throwable cause) {
    super(message, cause);
  }
}
