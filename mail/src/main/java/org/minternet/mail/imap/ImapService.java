package org.minternet.mail.imap;

/** The two IMAP services: STARTTLS on 143 (RFC 9051 §6.2.1) and implicit TLS on 993 (RFC 8314). */
public enum ImapService {
  IMAP("imap"),
  IMAPS("imaps");

  private final String serviceName;

  ImapService(String serviceName) {
    this.serviceName = serviceName;
  }

  public String serviceName() {
    return serviceName;
  }
}
