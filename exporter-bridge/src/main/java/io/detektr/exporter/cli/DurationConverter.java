package io.detektr.exporter.cli;

import java.time.Duration;
import picocli.CommandLine;

/** {@code 500ms}, {@code 2s}, {@code 1m}, or ISO-8601 {@code PT2S}. */
final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
  @Override
  public Duration convert(String value) {
    String v = value.trim().toLowerCase(java.util.Locale.ROOT);
    try {
      if (v.startsWith("pt")) {
        return Duration.parse(v.toUpperCase(java.util.Locale.ROOT));
      }
      if (v.endsWith("ms")) {
        return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
      }
      if (v.endsWith("s")) {
        return Duration.ofSeconds(Long.parseLong(v.substring(0, v.length() - 1)));
      }
      if (v.endsWith("m")) {
        return Duration.ofMinutes(Long.parseLong(v.substring(0, v.length() - 1)));
      }
    } catch (RuntimeException e) {
      // fall through to the helpful message
    }
    throw new CommandLine.TypeConversionException(
        "'" + value + "' is not a duration; use e.g. 500ms, 2s or 1m");
  }
}
