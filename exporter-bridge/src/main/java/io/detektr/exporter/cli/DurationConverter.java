package io.detektr.exporter.cli;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/**
 * The loadtest's duration grammar (loadtest's Units.DurationConverter), so that both CLIs take the
 * same values: {@code 250ms}, {@code 2s}, {@code 1.5s}, {@code 2m}, {@code 1h}, a bare number of
 * seconds ({@code 2}), or ISO-8601 {@code PT2S}.
 */
final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
  private static final Pattern AMOUNT = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([a-zA-Z]*)");

  @Override
  public Duration convert(String value) {
    String v = value.trim();
    if (v.toUpperCase(Locale.ROOT).startsWith("PT")) {
      try {
        return Duration.parse(v);
      } catch (DateTimeParseException e) {
        throw new CommandLine.TypeConversionException("'" + value + "' is not a duration");
      }
    }
    Matcher m = AMOUNT.matcher(v);
    if (!m.matches()) {
      throw new CommandLine.TypeConversionException(
          "'" + value + "' is not a duration; use e.g. 500ms, 2s or 1m");
    }
    long nanosPerUnit =
        switch (m.group(2).toLowerCase(Locale.ROOT)) {
          case "us" -> 1_000L;
          case "ms" -> 1_000_000L;
          case "", "s" -> 1_000_000_000L;
          case "m", "min" -> 60_000_000_000L;
          case "h" -> 3_600_000_000_000L;
          default ->
              throw new CommandLine.TypeConversionException(
                  "unknown time unit in '" + value + "'; use us, ms, s, m or h");
        };
    return Duration.ofNanos(Math.round(Double.parseDouble(m.group(1)) * nanosPerUnit));
  }
}
