package org.minternet.mail.message;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;

/** RFC 5322 §3.3 date-time: writing, and lenient parsing of what real messages carry. */
public final class MailDates {
  private static final DateTimeFormatter WRITE = DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss Z",
      Locale.US);
  private static final DateTimeFormatter READ = DateTimeFormatter.ofPattern("[EEE, ]d MMM yyyy H:mm[:ss] Z",
      Locale.US);

  private MailDates() {}

  public static String format(ZonedDateTime time) {
    return WRITE.format(time);
  }

  /** Parses a date-time, dropping comments such as "(UTC)" and the obsolete zone names. */
  public static Optional<ZonedDateTime> parse(String value) {
    String v = value.replaceAll("\\([^)]*\\)", " ").trim().replaceAll("\\s+", " ");
    v = v.replaceAll(" (UT|GMT|Z)$", " +0000").replaceAll(" EST$", " -0500").replaceAll(" EDT$", " -0400")
        .replaceAll(" CST$", " -0600").replaceAll(" CDT$", " -0500").replaceAll(" MST$", " -0700")
        .replaceAll(" MDT$", " -0600").replaceAll(" PST$", " -0800").replaceAll(" PDT$", " -0700");
    try {
      return Optional.of(ZonedDateTime.parse(v, READ));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
