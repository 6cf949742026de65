package org.minternet.mail.imap;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Development aid, skipped unless {@code -Dimap.record=DIR}: sends the {@code C:} lines of each
 * {@code DIR/*.in} to a fresh seeded server and writes the dialogue to {@code DIR/*.out}, to be
 * read and checked by hand before it becomes a transcript.
 */
class TranscriptRecorder {
  @Test
  void record() throws Exception {
    String dir = System.getProperty("imap.record");
    assumeTrue(dir != null);
    List<Path> inputs;
    try (var s = Files.list(Path.of(dir))) {
      inputs = s.filter(p -> p.toString().endsWith(".in")).sorted().toList();
    }
    for (Path in : inputs) {
      List<String> out = new ArrayList<>();
      try (ImapTestServer t = new ImapTestServer(); RawImapClient c = new RawImapClient(t.port())) {
        c.socket.setSoTimeout(3000);
        ImapTranscriptTest.seed(t);
        out.add("S: " + c.line());
        String tag = null;
        long literal = 0;
        boolean rawResponse = false;
        for (String l : Files.readAllLines(in, StandardCharsets.UTF_8)) {
          if (l.startsWith("#") || l.isBlank()) {
            out.add(l);
            continue;
          }
          String cmd = l.length() > 3 ? l.substring(3) : "";
          out.add("C: " + cmd);
          c.send(cmd);
          if (literal > 0) {
            literal -= cmd.getBytes(StandardCharsets.UTF_8).length + 2;
            if (literal < 0) out.add("# literal size mismatch");
            continue;
          }
          if (!rawResponse && tag == null) tag = cmd.split(" ")[0];
          String upper = cmd.toUpperCase();
          java.util.regex.Matcher m = java.util.regex.Pattern.compile(".*\\{(\\d+)(\\+?)\\}$").matcher(cmd);
          if (m.matches()) {
            if (m.group(2).isEmpty()) read(c, out, 1);
            literal = Long.parseLong(m.group(1));
            if (out.get(out.size() - 1).startsWith("S: " + tag + " ")) {
              literal = 0;
              tag = null;
            }
          } else if (!rawResponse && (upper.endsWith(" IDLE") || upper.endsWith("AUTHENTICATE PLAIN"))) {
            read(c, out, 1);
            rawResponse = true;
          } else {
            rawResponse = false;
            try {
              while (true) {
                String r = c.line();
                if (r == null) {
                  out.add("S: <close>");
                  break;
                }
                out.add("S: " + mask(r));
                if (r.startsWith(tag + " ") || r.startsWith("* BAD Invalid tag")) break;
              }
            } catch (java.net.SocketTimeoutException e) {
              out.add("# (timeout)");
            }
            tag = null;
          }
        }
      }
      Files.write(Path.of(in.toString().replace(".in", ".out")), out, StandardCharsets.UTF_8);
    }
  }

  private static void read(RawImapClient c, List<String> out, int n) throws Exception {
    for (int i = 0; i < n; i++) {
      try {
        String r = c.line();
        out.add("S: " + (r == null ? "<close>" : mask(r)));
      } catch (java.net.SocketTimeoutException e) {
        out.add("# (timeout)");
      }
    }
  }

  static String mask(String line) {
    return line.replaceAll("(UIDVALIDITY|APPENDUID|COPYUID) \\d+", "$1 <any>");
  }
}
