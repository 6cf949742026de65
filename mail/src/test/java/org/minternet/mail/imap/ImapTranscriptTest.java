package org.minternet.mail.imap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Replays every {@code C:}/{@code S:} file under {@code transcripts/imap/} against a fresh
 * server whose user bob@hamburger.edu (password bob-secret) has three messages in INBOX
 * (see {@link #seed}). {@code C:} lines are sent with CRLF; {@code S:} lines must match the next
 * line from the server exactly, except that {@code <any>} matches any text; {@code S: <close>}
 * expects the end of the stream; lines starting with {@code #} are comments. {@code C2:} and
 * {@code S2:} (any number) are the lines of further sessions, opened on their first line, so that
 * one transcript can show how sessions on the same mailbox see each other's changes.
 */
class ImapTranscriptTest {
  static final String ANY = "<any>";
  /** {@code C:}/{@code S:} for the first session, {@code C2:}/{@code S2:} … for further ones. */
  static final Pattern LINE = Pattern.compile("([CS])(\\d*):(?: (.*))?");

  @TestFactory
  Stream<DynamicTest> transcripts() throws IOException, URISyntaxException {
    URL dir = getClass().getResource("/transcripts/imap");
    List<Path> files;
    try (Stream<Path> s = Files.list(Path.of(dir.toURI()))) {
      files = s.filter(p -> p.toString().endsWith(".txt")).sorted().toList();
    }
    assertThat(files).isNotEmpty();
    return files.stream().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> replay(f)));
  }

  static void seed(ImapTestServer t) {
    t.append("INBOX", """
        From: Alice <alice@crepes.fr>
        To: Bob <bob@hamburger.edu>
        Subject: Lunch
        Date: Fri, 1 Mar 2024 10:00:00 +0100
        Message-ID: <1@crepes.fr>

        Shall we have lunch?
        """);
    t.append("INBOX", """
        From: Carol <carol@example.org>
        To: bob@hamburger.edu
        Subject: Report
        Date: Sat, 2 Mar 2024 11:00:00 +0000
        MIME-Version: 1.0
        Content-Type: multipart/mixed; boundary="b1"

        --b1
        Content-Type: text/plain; charset=utf-8

        See attachment.
        --b1
        Content-Type: application/pdf; name="r.pdf"
        Content-Disposition: attachment; filename="r.pdf"
        Content-Transfer-Encoding: base64

        JVBERi0xLjQK
        --b1--
        """, "\\Seen");
    t.append("INBOX", """
        From: Dave <dave@example.net>
        To: bob@hamburger.edu
        Subject: Forward
        Date: Sun, 3 Mar 2024 12:00:00 +0000
        MIME-Version: 1.0
        Content-Type: message/rfc822

        From: Eve <eve@example.com>
        Subject: Inner

        Inner body
        """, "\\Flagged", "$Work");
  }

  static void replay(Path file) throws Exception {
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    Map<String, RawImapClient> sessions = new HashMap<>();
    try (ImapTestServer t = new ImapTestServer()) {
      seed(t);
      int n = 0;
      List<String> seen = new ArrayList<>();
      for (String l : lines) {
        n++;
        if (l.isBlank() || l.startsWith("#")) continue;
        Matcher m = LINE.matcher(l);
        if (!m.matches()) fail(file.getFileName() + ":" + n + ": bad transcript line " + l);
        RawImapClient c = sessions.get(m.group(2));
        if (c == null) {
          c = new RawImapClient(t.port());
          sessions.put(m.group(2), c);
        }
        String text = m.group(3) == null ? "" : m.group(3);
        if (m.group(1).equals("C")) {
          c.send(text);
          continue;
        }
        String got = c.line();
        if (text.equals("<close>")) {
          if (got != null) fail(file.getFileName() + ":" + n + ": expected end of stream, got " + got);
          continue;
        }
        if (got == null) fail(file.getFileName() + ":" + n + ": connection closed; expected " + text
            + "\nafter " + seen);
        seen.add(got);
        if (!matches(text, got)) {
          fail(file.getFileName() + ":" + n + ":\nexpected: " + text + "\n     got: " + got);
        }
      }
    } finally {
      for (RawImapClient c : sessions.values()) c.close();
    }
  }

  static boolean matches(String expected, String got) {
    if (!expected.contains(ANY)) return expected.equals(got);
    StringBuilder re = new StringBuilder();
    for (String part : expected.split(Pattern.quote(ANY), -1)) {
      if (!re.isEmpty()) re.append(".*");
      re.append(Pattern.quote(part));
    }
    return Pattern.compile(re.toString(), Pattern.DOTALL).matcher(got).matches();
  }
}
