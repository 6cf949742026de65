package org.minternet.mail.imap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Binary content (RFC 3516): a message appended with {@code ~{n}} may hold NUL octets; BINARY
 * returns them in a literal8, and a plain literal (BODY[], RFC822) never carries a NUL (RFC 9051
 * §4.3), whatever is stored.
 */
class ImapBinaryTest {
  static final byte[] HEADER = ("Content-Type: application/octet-stream\r\n"
      + "Content-Transfer-Encoding: binary\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
  static final byte[] CONTENT = {'a', 0, 'b', 0, 0, 'c', 1};

  @Test
  void aMessageAppendedWithNulOctetsComesBackExactInBinaryAndWithoutNulInBody() throws Exception {
    try (ImapTestServer t = new ImapTestServer(); RawImapClient c = new RawImapClient(t.port())) {
      c.line();
      c.command("l", "LOGIN bob@hamburger.edu bob-secret");
      ByteArrayOutputStream message = new ByteArrayOutputStream();
      message.writeBytes(HEADER);
      message.writeBytes(CONTENT);
      c.send("a1 APPEND Drafts ~{" + message.size() + "+}");
      c.sendRaw(message.toByteArray());
      c.send("");
      assertThat(c.until("a1")).last().asString().startsWith("a1 OK [APPENDUID");
      c.command("s", "EXAMINE Drafts");

      c.send("f1 FETCH 1 BINARY.PEEK[1]");
      assertThat(c.line()).isEqualTo("* 1 FETCH (BINARY[1] ~{7}");
      assertThat(c.bytes(CONTENT.length)).isEqualTo(CONTENT);
      assertThat(c.line()).isEqualTo(")");
      assertThat(c.line()).startsWith("f1 OK");

      int size = message.size();
      c.send("f2 FETCH 1 BODY.PEEK[]");
      assertThat(c.line()).isEqualTo("* 1 FETCH (BODY[] {" + size + "}");
      byte[] body = c.bytes(size);
      assertThat(body).doesNotContain((byte) 0);
      assertThat(new String(body, 0, HEADER.length, StandardCharsets.US_ASCII))
          .isEqualTo(new String(HEADER, StandardCharsets.US_ASCII));
      assertThat(c.line()).isEqualTo(")");
      assertThat(c.line()).startsWith("f2 OK");

      c.send("f3 FETCH 1 RFC822.TEXT");
      assertThat(c.line()).isEqualTo("* 1 FETCH (RFC822.TEXT {7}");
      assertThat(c.bytes(CONTENT.length)).isEqualTo(new byte[] {'a', (byte) 0x80, 'b', (byte) 0x80, (byte) 0x80, 'c', 1});
      assertThat(c.until("f3")).last().asString().startsWith("f3 OK");
    }
  }

  @Test
  void aTildeBeforeABraceOutsideAppendIsNotALiteral() throws Exception {
    try (ImapTestServer t = new ImapTestServer(); RawImapClient c = new RawImapClient(t.port())) {
      c.line();
      c.command("l", "LOGIN bob@hamburger.edu bob-secret");
      // a literal8 here would make the server ask for 3 octets; the grammar has none, so BAD at once
      assertThat(c.command("a1", "SELECT ~{3}")).singleElement().asString().startsWith("a1 BAD");
      assertThat(c.command("a2", "SELECT ~foo")).containsExactly("a2 NO [NONEXISTENT] No such mailbox");
    }
  }
}
