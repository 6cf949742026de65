package org.minternet.http.wire;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * An ordered, immutable list of header fields (RFC 9110 §5). Names compare case-insensitively;
 * repeated fields are kept in order.
 */
public final class Headers {
  public static final Headers EMPTY = new Headers(List.of());

  /** One field line. */
  public record Field(String name, String value) {}

  private final List<Field> fields;

  private Headers(List<Field> fields) {
    this.fields = fields;
  }

  public static Headers of(String... namesAndValues) {
    Builder b = builder();
    for (int i = 0; i + 1 < namesAndValues.length; i += 2) b.add(namesAndValues[i], namesAndValues[i + 1]);
    return b.build();
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    Builder b = new Builder();
    b.fields.addAll(fields);
    return b;
  }

  /** The first value of the field, or null. */
  public String get(String name) {
    for (Field f : fields) if (f.name.equalsIgnoreCase(name)) return f.value;
    return null;
  }

  /** Every value of the field, in order. */
  public List<String> all(String name) {
    List<String> out = new ArrayList<>(2);
    for (Field f : fields) if (f.name.equalsIgnoreCase(name)) out.add(f.value);
    return out;
  }

  /**
   * The comma-separated list elements of every line of the field (RFC 9110 §5.6.1), trimmed,
   * empty elements dropped. Not for fields whose values contain commas (Set-Cookie, dates).
   */
  public List<String> list(String name) {
    List<String> out = new ArrayList<>(2);
    for (Field f : fields) {
      if (!f.name.equalsIgnoreCase(name)) continue;
      for (String e : f.value.split(",")) {
        String t = e.trim();
        if (!t.isEmpty()) out.add(t);
      }
    }
    return out;
  }

  /** True if the comma list of the field has the token (case-insensitive). */
  public boolean hasToken(String name, String token) {
    for (String e : list(name)) if (e.equalsIgnoreCase(token)) return true;
    return false;
  }

  public boolean contains(String name) {
    return get(name) != null;
  }

  public List<Field> fields() {
    return Collections.unmodifiableList(fields);
  }

  public int size() {
    return fields.size();
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    for (Field f : fields) sb.append(f.name).append(": ").append(f.value).append("\r\n");
    return sb.toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Headers h && h.fields.equals(fields);
  }

  @Override
  public int hashCode() {
    return fields.hashCode();
  }

  /** Builds a header list. */
  public static final class Builder {
    private final List<Field> fields = new ArrayList<>();

    /** Adds a field; name and value must not contain CR, LF or NUL (header injection). */
    public Builder add(String name, String value) {
      Objects.requireNonNull(name);
      Objects.requireNonNull(value);
      if (!Syntax.isToken(name)) throw new IllegalArgumentException("bad field name " + name);
      for (int i = 0; i < value.length(); i++) {
        char c = value.charAt(i);
        if (c == '\r' || c == '\n' || c == 0) throw new IllegalArgumentException("bad field value");
      }
      fields.add(new Field(name, value));
      return this;
    }

    /** Replaces every field of that name with one. */
    public Builder set(String name, String value) {
      remove(name);
      return add(name, value);
    }

    public Builder remove(String name) {
      fields.removeIf(f -> f.name.equalsIgnoreCase(name));
      return this;
    }

    public boolean contains(String name) {
      for (Field f : fields) if (f.name.equalsIgnoreCase(name)) return true;
      return false;
    }

    public String get(String name) {
      for (Field f : fields) if (f.name.equalsIgnoreCase(name)) return f.value;
      return null;
    }

    Builder addUnchecked(String name, String value) {
      fields.add(new Field(name, value));
      return this;
    }

    public Headers build() {
      return new Headers(List.copyOf(fields));
    }
  }

  static String lower(String s) {
    return s.toLowerCase(Locale.ROOT);
  }
}
