package io.detektr.loadtest;

import java.time.Duration;

/**
 * What makes a run fail (exit code 1). Only the lost and failed limits are on by default: a run
 * that loses a confirmed message, or whose publishes fail, has failed whatever its speed.
 *
 * @param minRate lowest acceptable receive rate in msg/s over the measured window; 0 = no limit
 * @param maxP99 highest acceptable end-to-end p99; {@code null} = no limit
 * @param maxLost most confirmed messages allowed to be lost
 * @param maxFailed most publishes allowed to fail (a full topic under REJECT, a broker outage)
 */
public record Thresholds(double minRate, Duration maxP99, long maxLost, long maxFailed) {
  public static final Thresholds DEFAULT = new Thresholds(0, null, 0, 0);

  public Thresholds {
    if (minRate < 0 || maxLost < 0 || maxFailed < 0) {
      throw new IllegalArgumentException("thresholds must be >= 0");
    }
  }
}
