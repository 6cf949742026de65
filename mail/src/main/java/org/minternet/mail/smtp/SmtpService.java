package org.minternet.mail.smtp;

/** The three SMTP services of a mail server. */
public enum SmtpService {
  /** Relay between servers (RFC 5321), port 25 in the standard port plan. */
  MTA("smtp"),
  /** Message submission with STARTTLS (RFC 6409), port 587: authentication required. */
  SUBMISSION("submission"),
  /** Message submission over implicit TLS (RFC 8314 §3.3), port 465. */
  SUBMISSIONS("submissions");

  private final String serviceName;

  SmtpService(String serviceName) {
    this.serviceName = serviceName;
  }

  public String serviceName() {
    return serviceName;
  }

  boolean requiresAuth() {
    return this != MTA;
  }
}
