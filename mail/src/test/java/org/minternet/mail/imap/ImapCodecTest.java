package org.minternet.mail.imap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The pure parts: sequence sets, modified UTF-7, mailbox names and patterns, response strings. */
class ImapCodecTest {
  @Test
  void sequenceSets() throws Exception {
    SequenceSet s = SequenceSet.parse("1:3,7,10:*");
    assertThat(s.contains(2, 20)).isTrue();
    assertThat(s.contains(5, 20)).isFalse();
    assertThat(s.contains(20, 20)).isTrue();
    assertThat(SequenceSet.parse("5:2").contains(3, 9)).isTrue(); // ranges may be written backwards
    assertThat(SequenceSet.parse("1:4294967295").contains(4_000_000_000L, 1)).isTrue();
    assertThat(SequenceSet.format(List.of(1L, 2L, 3L, 5L, 7L, 8L))).isEqualTo("1:3,5,7:8");
  }

  @Test
  void malformedSequenceSets() {
    for (String bad : List.of("", "0", "01", "1:", ":2", "1,,2", "4294967296", "a", "1:2:3", "*:0")) {
      assertThatThrownBy(() -> SequenceSet.parse(bad)).as(bad).isInstanceOf(ImapException.class);
    }
    String huge = "1," .repeat(SequenceSet.MAX_RANGES) + "1";
    assertThatThrownBy(() -> SequenceSet.parse(huge)).isInstanceOf(ImapException.class)
        .hasMessage("Sequence set too large");
  }

  @Test
  void modifiedUtf7RoundTrips() {
    assertThat(ModifiedUtf7.encode("Été & Büro/日本語")).isEqualTo("&AMk-t&AOk- &- B&APw-ro/&ZeVnLIqe-");
    assertThat(ModifiedUtf7.decode("&AMk-t&AOk- &- B&APw-ro/&ZeVnLIqe-")).isEqualTo("Été & Büro/日本語");
    assertThat(ModifiedUtf7.decode("~peter/mail/&U,BTFw-/&ZeVnLIqe-")).isEqualTo("~peter/mail/台北/日本語");
    assertThat(ModifiedUtf7.decode("&2D3eAA-")).isEqualTo("\uD83D\uDE00"); // a surrogate pair
  }

  @Test
  void malformedModifiedUtf7IsRefused() {
    for (String bad : List.of("&", "&AGE-", "&Jjo", "&A-", "&2D0-", "caf\u00e9", "a\tb", "&AMk=-")) {
      assertThatThrownBy(() -> ModifiedUtf7.decode(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void mailboxNames() throws Exception {
    assertThat(MailboxNames.decode("inbox", false)).isEqualTo("INBOX");
    assertThat(MailboxNames.decode("Inbox/Sub", false)).isEqualTo("INBOX/Sub");
    assertThat(MailboxNames.decode("Büro", true)).isEqualTo("Büro");
    assertThatThrownBy(() -> MailboxNames.decode("a\u0001b", true)).isInstanceOf(ImapException.class);
    assertThatThrownBy(() -> MailboxNames.decode("x".repeat(300), true)).isInstanceOf(ImapException.class);
    assertThat(MailboxNames.validateNew("a/b/")).isEqualTo("a/b");
    assertThatThrownBy(() -> MailboxNames.validateNew("/a")).isInstanceOf(ImapException.class);
    assertThatThrownBy(() -> MailboxNames.validateNew("a*")).isInstanceOf(ImapException.class);
    assertThatThrownBy(() -> MailboxNames.validateNew("a/".repeat(30) + "b")).isInstanceOf(ImapException.class);
  }

  @Test
  void listPatterns() {
    assertThat(MailboxNames.matches("*", "a/b/c")).isTrue();
    assertThat(MailboxNames.matches("%", "a/b")).isFalse();
    assertThat(MailboxNames.matches("a/%", "a/b")).isTrue();
    assertThat(MailboxNames.matches("a/%", "a/b/c")).isFalse();
    assertThat(MailboxNames.matches("a*c", "abbbc")).isTrue();
    assertThat(MailboxNames.matches("inbox", "INBOX")).isTrue();
    assertThat(MailboxNames.matches("Inbox/%", "INBOX/x")).isTrue();
    assertThat(MailboxNames.matches("Sent", "sent")).isFalse();
    // a hostile pattern costs pattern × name steps, not exponential backtracking
    assertThat(MailboxNames.matches("*a".repeat(200) + "b", "a".repeat(255))).isFalse();
  }

  @Test
  void responseStringsAreQuotedOrLiterals() {
    assertThat(new String(new ImapResponse().string("a \"b\" \\c").toBytes())).isEqualTo("\"a \\\"b\\\" \\\\c\"");
    assertThat(new String(new ImapResponse().string("two\r\nlines").toBytes())).isEqualTo("{10}\r\ntwo\r\nlines");
    assertThat(new String(new ImapResponse().string("é").toBytes(), java.nio.charset.StandardCharsets.UTF_8))
        .isEqualTo("{2}\r\né");
    assertThat(new String(new ImapResponse().open().nil().number(3).close().nstring(null).toBytes()))
        .isEqualTo("(NIL 3) NIL");
  }
}
