package org.minternet.mail.message;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The NOTIFY parameter of RCPT TO (RFC 3461 §4.1): {@code NEVER}, or which of success, failure
 * and delay the sender wants a delivery status notification for.
 *
 * @param events the events to report; empty for NEVER
 */
public record DsnNotify(Set<Event> events) {
  /** What a notification can be asked for. */
  public enum Event { SUCCESS, FAILURE, DELAY }

  /** {@code NOTIFY=NEVER}. */
  public static final DsnNotify NEVER = new DsnNotify(Set.of());

  public DsnNotify {
    events = events.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(events));
  }

  /**
   * Parses the parameter's value, case-insensitively: {@code NEVER}, or a comma-separated list of
   * {@code SUCCESS}, {@code FAILURE}, {@code DELAY} (NEVER combined with others is refused).
   *
   * @throws IllegalArgumentException if it is neither
   */
  public static DsnNotify parse(String value) {
    String v = value.toUpperCase(Locale.ROOT);
    if (v.equals("NEVER")) return NEVER;
    Set<Event> events = EnumSet.noneOf(Event.class);
    for (String part : v.split(",", -1)) {
      switch (part) {
        case "SUCCESS" -> events.add(Event.SUCCESS);
        case "FAILURE" -> events.add(Event.FAILURE);
        case "DELAY" -> events.add(Event.DELAY);
        default -> throw new IllegalArgumentException("bad NOTIFY value: " + value);
      }
    }
    return new DsnNotify(events);
  }

  public boolean never() {
    return events.isEmpty();
  }

  public boolean on(Event event) {
    return events.contains(event);
  }

  /** The parameter's value as sent on: {@code NEVER} or the events in RFC order. */
  @Override
  public String toString() {
    if (events.isEmpty()) return "NEVER";
    return EnumSet.copyOf(events).stream().map(Enum::name).collect(Collectors.joining(","));
  }
}
