package org.minternet.core.naming;

/** One mail exchanger of a domain: RFC 5321 §5.1 tries lower preference values first. */
public record MailExchanger(int preference, String host) {}
