package org.minternet.http.wire;

import java.util.ArrayList;
import java.util.List;

/** An entity tag (RFC 9110 §8.8.3) and the comparisons of §8.8.3.2. */
public record EntityTag(String opaque, boolean weak) {
  /** Parses one tag such as {@code "abc"} or {@code W/"abc"}; null if malformed. */
  public static EntityTag parse(String s) {
    String t = s.trim();
    boolean weak = false;
    if (t.startsWith("W/")) {
      weak = true;
      t = t.substring(2);
    }
    if (t.length() < 2 || t.charAt(0) != '"' || t.charAt(t.length() - 1) != '"') return null;
    String opaque = t.substring(1, t.length() - 1);
    if (opaque.indexOf('"') >= 0) return null;
    return new EntityTag(opaque, weak);
  }

  /** Parses an If-Match / If-None-Match list; malformed members are skipped. */
  public static List<EntityTag> parseList(String header) {
    List<EntityTag> out = new ArrayList<>();
    if (header == null) return out;
    for (String part : header.split(",")) {
      EntityTag t = parse(part);
      if (t != null) out.add(t);
    }
    return out;
  }

  public boolean strongMatch(EntityTag other) {
    return !weak && !other.weak && opaque.equals(other.opaque);
  }

  public boolean weakMatch(EntityTag other) {
    return opaque.equals(other.opaque);
  }

  @Override
  public String toString() {
    return (weak ? "W/" : "") + '"' + opaque + '"';
  }
}
