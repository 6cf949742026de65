package org.minternet.p2p.metainfo;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.minternet.p2p.bencode.BencodeDictionary;
import org.minternet.p2p.bencode.BencodeInteger;
import org.minternet.p2p.bencode.BencodeList;
import org.minternet.p2p.bencode.BencodeString;
import org.minternet.p2p.bencode.BencodeValue;

/** Typed access to the fields of a metainfo dictionary; a field of the wrong type is an error, not absent. */
final class Fields {
  private Fields() {}

  static Optional<BencodeString> optionalString(BencodeDictionary d, String key) throws MetainfoException {
    Optional<BencodeValue> v = d.get(key);
    if (v.isEmpty()) return Optional.empty();
    if (v.get() instanceof BencodeString s) return Optional.of(s);
    throw new MetainfoException("'" + key + "' is not a byte string");
  }

  static BencodeString string(BencodeDictionary d, String key) throws MetainfoException {
    return optionalString(d, key).orElseThrow(() -> new MetainfoException("'" + key + "' is missing"));
  }

  static Optional<String> optionalText(BencodeDictionary d, String key) throws MetainfoException {
    Optional<BencodeString> s = optionalString(d, key);
    if (s.isEmpty()) return Optional.empty();
    return Optional.of(text(s.get(), key));
  }

  static String text(BencodeString s, String key) throws MetainfoException {
    return s.utf8().orElseThrow(() -> new MetainfoException("'" + key + "' is not UTF-8"));
  }

  static Optional<Long> optionalInteger(BencodeDictionary d, String key) throws MetainfoException {
    Optional<BencodeValue> v = d.get(key);
    if (v.isEmpty()) return Optional.empty();
    if (v.get() instanceof BencodeInteger i) return Optional.of(i.value());
    throw new MetainfoException("'" + key + "' is not an integer");
  }

  static long integer(BencodeDictionary d, String key) throws MetainfoException {
    return optionalInteger(d, key).orElseThrow(() -> new MetainfoException("'" + key + "' is missing"));
  }

  static Optional<BencodeList> optionalList(BencodeDictionary d, String key) throws MetainfoException {
    Optional<BencodeValue> v = d.get(key);
    if (v.isEmpty()) return Optional.empty();
    if (v.get() instanceof BencodeList l) return Optional.of(l);
    throw new MetainfoException("'" + key + "' is not a list");
  }

  static Optional<BencodeDictionary> optionalDictionary(BencodeDictionary d, String key) throws MetainfoException {
    Optional<BencodeValue> v = d.get(key);
    if (v.isEmpty()) return Optional.empty();
    if (v.get() instanceof BencodeDictionary x) return Optional.of(x);
    throw new MetainfoException("'" + key + "' is not a dictionary");
  }

  static BencodeDictionary dictionary(BencodeDictionary d, String key) throws MetainfoException {
    return optionalDictionary(d, key).orElseThrow(() -> new MetainfoException("'" + key + "' is missing"));
  }

  /** The UTF-8 strings of a list field. */
  static List<String> texts(BencodeList list, String key) throws MetainfoException {
    List<String> out = new ArrayList<>(list.size());
    for (BencodeValue v : list.values()) {
      if (!(v instanceof BencodeString s)) throw new MetainfoException("'" + key + "' holds a value that is not a string");
      out.add(text(s, key));
    }
    return out;
  }

  /**
   * A path component of a file name: not empty, not {@code .} or {@code ..}, no {@code /} or
   * NUL, so that a hostile torrent cannot name a file outside the download directory.
   */
  static String pathComponent(BencodeString s, String key) throws MetainfoException {
    String c = text(s, key);
    if (c.isEmpty() || c.equals(".") || c.equals("..") || c.indexOf('/') >= 0 || c.indexOf('\\') >= 0
        || c.indexOf('\0') >= 0) {
      throw new MetainfoException("'" + key + "' is not a safe file name");
    }
    return c;
  }
}
