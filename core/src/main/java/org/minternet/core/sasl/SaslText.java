package org.minternet.core.sasl;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The text forms SASL uses: strict UTF-8 inside mechanisms, and base64 at a protocol's edge
 * (RFC 4954 section 4, RFC 5034 section 4, RFC 9051 section 6.2.2), where {@code =} is an empty
 * initial response and {@code *} cancels.
 */
public final class SaslText {
  private SaslText() {}

  /** The response line that cancels an exchange in SMTP, POP3 and IMAP. */
  public static final String CANCEL = "*";

  /**
   * Decodes one base64 response line: surrounding spaces ignored, {@code =} and an empty line are
   * an empty response, padding optional (as {@link Base64#getDecoder()} takes it).
   *
   * @throws IllegalArgumentException when the line is not base64
   */
  public static byte[] decodeBase64(String line) {
    String t = line.strip();
    if (t.equals("=") || t.isEmpty()) return new byte[0];
    return Base64.getDecoder().decode(t);
  }

  /** Base64 of a challenge; an empty challenge is an empty string (SMTP {@code 334 }, IMAP {@code + }). */
  public static String encodeBase64(byte[] data) {
    return Base64.getEncoder().encodeToString(data);
  }

  /** {@code bytes} as UTF-8, or null when they are not well-formed UTF-8. */
  static String utf8(byte[] bytes, int from, int to) {
    try {
      CharBuffer c = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes, from, to - from));
      return c.toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }

  static String utf8(byte[] bytes) {
    return utf8(bytes, 0, bytes.length);
  }
}
