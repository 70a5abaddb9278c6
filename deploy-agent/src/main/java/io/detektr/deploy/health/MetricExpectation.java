package io.detektr.deploy.health;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What an http check expects of a Prometheus exposition: one sample's value compared with a number
 * ({@code redis_up == 1}, {@code broker_up{provider="redis"} >= 1}; {@code redis_up 1} means {@code
 * ==}). The body is parsed as the text format: comment lines ({@code # HELP redis_up 1 if ...})
 * never match, and the value is compared as a number ({@code 1.0 == 1}), so a check fails when the
 * metric says the service is down.
 */
public record MetricExpectation(String metric, String op, double value) {
  private static final Pattern FORM =
      Pattern.compile(
          "\\s*([a-zA-Z_:][a-zA-Z0-9_:]*(?:\\{[^}]*\\})?)\\s*(==|!=|>=|<=|>|<)?\\s*([-+0-9.eE]+|NaN|[+-]?Inf)\\s*");

  /** The expectation written in a check's {@code expect}, or empty when it has not that form. */
  public static Optional<MetricExpectation> parse(String text) {
    Matcher m = FORM.matcher(text);
    if (!m.matches()) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          new MetricExpectation(
              m.group(1).replace(" ", ""),
              m.group(2) == null ? "==" : m.group(2),
              number(m.group(3))));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** Null when the exposition meets the expectation, else why not. */
  public String check(String exposition) {
    List<String> seen = new ArrayList<>();
    for (String line : exposition.lines().toList()) {
      String l = line.strip();
      if (l.isEmpty() || l.startsWith("#")) {
        continue;
      }
      int space = sampleNameEnd(l);
      if (space < 0 || !l.substring(0, space).replace(" ", "").equals(metric)) {
        continue;
      }
      String[] rest = l.substring(space).strip().split("\\s+");
      double v;
      try {
        v = number(rest[0]);
      } catch (NumberFormatException e) {
        return metric + " has no numeric value: '" + l + "'";
      }
      if (holds(v)) {
        return null;
      }
      seen.add(rest[0]);
    }
    return seen.isEmpty()
        ? "no sample " + metric + " in the exposition"
        : metric + " is " + String.join(", ", seen) + ", expected " + this;
  }

  /** End of the sample name including its labels (label values may hold spaces). */
  private static int sampleNameEnd(String l) {
    int brace = l.indexOf('{');
    int space = l.indexOf(' ');
    if (brace >= 0 && (space < 0 || brace < space)) {
      int close = l.indexOf('}', brace);
      return close < 0 ? -1 : close + 1;
    }
    return space;
  }

  private boolean holds(double v) {
    return switch (op) {
      case "==" -> v == value;
      case "!=" -> v != value;
      case ">=" -> v >= value;
      case "<=" -> v <= value;
      case ">" -> v > value;
      default -> v < value;
    };
  }

  private static double number(String s) {
    return switch (s) {
      case "NaN" -> Double.NaN;
      case "+Inf", "Inf" -> Double.POSITIVE_INFINITY;
      case "-Inf" -> Double.NEGATIVE_INFINITY;
      default -> Double.parseDouble(s);
    };
  }

  @Override
  public String toString() {
    String v = value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
    return metric + " " + op + " " + v;
  }
}
