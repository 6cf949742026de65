package org.minternet.dns.zone;

/** A zone that cannot be loaded: a syntax error with its file and line, or a failed check. */
public final class ZoneException extends Exception {
  public ZoneException(String message) {
    super(message);
  }
}
