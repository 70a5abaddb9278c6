package io.detektr.deploy.health;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Growing sleep intervals: initial, initial*factor, ... capped at max. Pure. */
public record Backoff(Duration initial, Duration max, double factor) {
  /** The interval after {@code attempt} failed attempts (0-based). */
  public Duration interval(int attempt) {
    double millis = initial.toMillis() * Math.pow(factor, attempt);
    return millis >= max.toMillis() ? max : Duration.ofMillis((long) millis);
  }

  /** The sleeps taken before {@code deadline} runs out, in order (for plans and tests). */
  public List<Duration> schedule(Duration deadline) {
    List<Duration> out = new ArrayList<>();
    Duration total = Duration.ZERO;
    for (int i = 0; ; i++) {
      Duration d = interval(i);
      if (total.plus(d).compareTo(deadline) > 0) {
        return out;
      }
      out.add(d);
      total = total.plus(d);
    }
  }
}
