package org.minternet.mail.store;

import java.util.List;
import java.util.Objects;

/**
 * One accepted message and its envelope, as the SMTP server hands it to the store.
 *
 * @param sender the reverse-path, "" for the null sender of bounces
 * @param recipients the forward-paths, local or remote
 * @param content the exact message bytes (CRLF line ends, trace header already prepended)
 * @param envelopeId the DSN ENVID parameter, or null
 * @param ret the DSN RET parameter (FULL or HDRS), or null
 */
public record Delivery(String sender, List<Recipient> recipients, byte[] content, String envelopeId,
    String ret) {
  public Delivery {
    Objects.requireNonNull(sender);
    recipients = List.copyOf(recipients);
    Objects.requireNonNull(content);
  }
}
