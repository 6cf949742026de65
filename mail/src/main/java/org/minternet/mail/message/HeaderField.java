package org.minternet.mail.message;

/**
 * One header field (RFC 5322 §2.2) with its name and its value as it appeared after the colon,
 * folding included.
 */
public record HeaderField(String name, String rawValue) {
  /** The value unfolded (RFC 5322 §2.2.3: CRLF before WSP removed) and trimmed. */
  public String value() {
    return rawValue.replace("\r\n", "").replace("\n", "").trim();
  }

  /** The unfolded value with RFC 2047 encoded words decoded (for unstructured fields). */
  public String decodedValue() {
    return EncodedWords.decode(value());
  }

  public boolean is(String other) {
    return name.equalsIgnoreCase(other);
  }
}
