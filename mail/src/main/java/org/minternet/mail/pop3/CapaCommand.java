package org.minternet.mail.pop3;

import java.util.ArrayList;
import java.util.List;
import org.minternet.core.line.Command;

/**
 * CAPA (RFC 2449 §5): the capabilities in the current state. APOP has none (RFC 2449 §6 defines
 * no such capability); the timestamp in the greeting is what announces it (RFC 1939 §7).
 */
final class CapaCommand implements Command<Pop3Session> {
  @Override
  public void execute(Pop3Session s, String args) throws java.io.IOException {
    List<String> caps = new ArrayList<>(List.of("TOP", "UIDL", "RESP-CODES", "AUTH-RESP-CODE", "PIPELINING"));
    if (s.state() == Pop3State.AUTHORIZATION) {
      if (s.plaintextAllowed()) {
        caps.add("USER");
        caps.add("SASL " + String.join(" ", AuthCommand.MECHANISMS));
      }
      if (s.config.tls() != null && !s.connection().isSecure()) caps.add("STLS");
    }
    caps.add("EXPIRE NEVER");
    caps.add("IMPLEMENTATION Minternet");
    s.reply(Pop3Reply.multi("Capability list follows", caps));
  }
}
