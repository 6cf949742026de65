package org.minternet.mail.smtp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Locale;
import org.minternet.core.line.Command;

/**
 * BDAT (RFC 3030 CHUNKING): a chunk of exactly n octets, the last one marked LAST. The chunk is
 * always read, even when the command fails, so that the stream stays in step (§2). The command is
 * registered for every state and checks the state itself for that reason.
 */
final class BdatCommand implements Command<SmtpSession> {
  private static final int COPY = 65536;

  @Override
  public void execute(SmtpSession s, String args) throws SmtpReply.ProtocolError, IOException {
    String[] parts = args.trim().split(" +");
    long size;
    boolean last = parts.length == 2 && parts[1].toUpperCase(Locale.ROOT).equals("LAST");
    if (parts.length < 1 || parts.length > 2 || (parts.length == 2 && !last) || !parts[0].matches("[0-9]{1,18}")) {
      // without a valid size we cannot know where the chunk ends: the stream is lost
      s.reply(SmtpReply.closing(501, "5.5.4", "Syntax: BDAT size [LAST]; closing"));
      return;
    }
    size = Long.parseLong(parts[0]);
    boolean inTransaction = s.state() == SmtpState.RCPT || s.state() == SmtpState.BDAT;
    long limit = s.config.maxMessageSize();
    if (inTransaction && s.chunks == null) s.chunks = new ByteArrayOutputStream(8192);
    boolean keep = inTransaction && !s.chunksTooBig && s.chunks.size() + size <= limit;
    if (inTransaction && !keep) s.chunksTooBig = true;
    s.connection().deadline(s.config.dataTimeout());
    try {
      byte[] buf = new byte[(int) Math.min(COPY, Math.max(1, size))];
      long remaining = size;
      while (remaining > 0) {
        int n = s.connection().reader().read(buf, 0, (int) Math.min(buf.length, remaining));
        if (n < 0) throw new java.io.EOFException("end of stream in BDAT");
        if (keep) s.chunks.write(buf, 0, n);
        remaining -= n;
      }
    } finally {
      s.connection().clearDeadline();
    }
    s.connection().transcript().received(s.connection().service(), s.connection().peer(), "<" + size + " octets>");
    if (!inTransaction) {
      throw SmtpReply.of(503, "5.5.1", s.state() == SmtpState.MAIL ? "No valid recipients" : "Need MAIL and RCPT first")
          .error();
    }
    if (s.chunksTooBig) {
      s.reset();
      throw SmtpReply.of(552, "5.3.4", "Message size exceeds fixed maximum message size").error();
    }
    if (!last) {
      s.state(SmtpState.BDAT);
      s.reply(SmtpReply.of(250, "2.0.0", size + " octets received"));
      return;
    }
    SmtpReply reply = MessageAcceptor.accept(s, s.chunks.toByteArray());
    s.reset();
    s.reply(reply);
  }
}
