package org.minternet.mail.imap;

import java.io.IOException;
import java.util.Set;

/**
 * STARTTLS (RFC 9051 §6.2.1): the handshake follows the tagged OK; anything the client sent in
 * clear after the command is discarded (the line reader drops it), and the client must ask for
 * the capabilities again.
 */
final class StartTlsCommand implements ImapCommand {
  @Override
  public Set<ImapState> states() {
    return NOT_AUTHENTICATED;
  }

  @Override
  public String execute(ImapSession s, ImapRequestReader r, String tag) throws ImapException, IOException {
    r.end();
    if (s.config().tls() == null) throw ImapException.no("TLS is not configured");
    if (s.connection().isSecure()) throw ImapException.bad("TLS is already active");
    s.tagged(tag, "OK", "Begin TLS negotiation now");
    s.connection().startTls(s.config().tls(), false, null);
    throw new AlreadyAnswered();
  }

  /** The tagged reply was sent before the handshake; nothing more to write for this command. */
  static final class AlreadyAnswered extends RuntimeException {
    AlreadyAnswered() {
      super(null, null, false, false);
    }
  }
}
