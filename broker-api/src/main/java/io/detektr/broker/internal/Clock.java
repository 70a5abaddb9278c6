package io.detektr.broker.internal;

import java.time.Instant;

/** Wall-clock microseconds: the unit of the {@code published-at} header. */
public final class Clock {
  private Clock() {}

  public static long epochMicros() {
    Instant now = Instant.now();
    return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
  }
}
