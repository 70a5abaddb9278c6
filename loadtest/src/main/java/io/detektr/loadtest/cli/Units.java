package io.detektr.loadtest.cli;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Converters for human-friendly option values: {@code 10s}, {@code 500ms}, {@code 100KB}. */
final class Units {
  private static final Pattern AMOUNT = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([a-zA-Z]*)");

  private Units() {}

  /** {@code 250ms}, {@code 10s}, {@code 1.5s}, {@code 2m}, {@code 1h}, seconds, {@code PT10S}. */
  static final class DurationConverter implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      String v = value.trim();
      if (v.toUpperCase(Locale.ROOT).startsWith("PT")) {
        try {
          return Duration.parse(v);
        } catch (DateTimeParseException e) {
          throw new TypeConversionException("'" + value + "' is not a duration");
        }
      }
      Matcher m = AMOUNT.matcher(v);
      if (!m.matches()) {
        throw new TypeConversionException(
            "'" + value + "' is not a duration; use e.g. 10s, 500ms, 2m");
      }
      double amount = Double.parseDouble(m.group(1));
      long nanosPerUnit =
          switch (m.group(2).toLowerCase(Locale.ROOT)) {
            case "us" -> 1_000L;
            case "ms" -> 1_000_000L;
            case "", "s" -> 1_000_000_000L;
            case "m", "min" -> 60_000_000_000L;
            case "h" -> 3_600_000_000_000L;
            default ->
                throw new TypeConversionException(
                    "unknown time unit in '" + value + "'; use us, ms, s, m or h");
          };
      return Duration.ofNanos(Math.round(amount * nanosPerUnit));
    }
  }

  /** Bytes: {@code 1024}, {@code 1KB} / {@code 1KiB} / {@code 1k} (1024), {@code 1MB} (1024^2). */
  static final class SizeConverter implements ITypeConverter<Integer> {
    @Override
    public Integer convert(String value) {
      Matcher m = AMOUNT.matcher(value.trim());
      if (!m.matches()) {
        throw new TypeConversionException(
            "'" + value + "' is not a size; use e.g. 1024, 1KB, 100KB");
      }
      long unit =
          switch (m.group(2).toLowerCase(Locale.ROOT)) {
            case "", "b" -> 1L;
            case "k", "kb", "kib" -> 1024L;
            case "m", "mb", "mib" -> 1024L * 1024;
            default ->
                throw new TypeConversionException(
                    "unknown size unit in '" + value + "'; use B, KB or MB (1024-based)");
          };
      double bytes = Double.parseDouble(m.group(1)) * unit;
      if (bytes > Integer.MAX_VALUE) {
        throw new TypeConversionException("'" + value + "' is too large");
      }
      return (int) Math.round(bytes);
    }
  }
}
