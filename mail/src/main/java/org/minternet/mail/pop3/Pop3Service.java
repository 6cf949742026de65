package org.minternet.mail.pop3;

/** The two POP3 services: STLS on 110 (RFC 2595) and implicit TLS on 995 (RFC 8314). */
public enum Pop3Service {
  POP3("pop3"),
  POP3S("pop3s");

  private final String serviceName;

  Pop3Service(String serviceName) {
    this.serviceName = serviceName;
  }

  public String serviceName() {
    return serviceName;
  }
}
