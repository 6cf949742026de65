package org.minternet.http.wire;

import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
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
  private static final DateTimeFormatter RFC850 = new DateTimeFormatterBuilder()
      .appendPattern("EEEE, dd-MMM-")
      .appendValueReduced(ChronoField.YEAR, 2, 2, LocalDate.now().minusYears(49))
      .appendPattern(" HH:mm:ss 'GMT'").toFormatter(Locale.US);
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
      return LocalDateTime.parse(t, RFC850).toInstant(ZoneOffset.UTC);
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
