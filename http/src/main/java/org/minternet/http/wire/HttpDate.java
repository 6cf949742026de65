package org.minternet.http.wire;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/** HTTP-date (RFC 9110 §5.6.7): IMF-fixdate sent, the two obsolete forms accepted. */
public final class HttpDate {
  private HttpDate() {}

  private static final DateTimeFormatter IMF =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter RFC850 =
      DateTimeFormatter.ofPattern("EEEE, dd-MMM-yy HH:mm:ss 'GMT'", Locale.US);
  private static final DateTimeFormatter ASCTIME =
      DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.US);

  public static String format(Instant instant) {
    return IMF.format(instant);
  }

  /** Parses an HTTP-date; null if it is none of the three forms. */
  public static Instant parse(String s) {
    if (s == null) return null;
    String t = s.trim();
    try {
      return ZonedDateTime.parse(t, IMF).toInstant();
    } catch (DateTimeParseException e) {
      // try the obsolete forms
    }
    try {
      LocalDateTime ldt = LocalDateTime.parse(t, RFC850);
      if (ldt.getYear() > LocalDateTime.now().getYear() + 50) ldt = ldt.minusYears(100);
      return ldt.toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      // next
    }
    try {
      return LocalDateTime.parse(t, ASCTIME).toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
