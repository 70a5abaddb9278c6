package io.detektr.loadtest;

import java.time.Duration;

/**
 * What makes a run fail (exit code 1). The lost, failed and out-of-order limits are on by default:
 * a run that loses a confirmed message, whose publishes fail, or that receives one producer's
 * messages out of order, has failed whatever its speed.
 *
 * @param minRate lowest acceptable receive rate in msg/s over the measured window; 0 = no limit
 * @param maxP99 highest acceptable end-to-end p99; {@code null} = no limit
 * @param maxLost most confirmed messages allowed to be lost
 * @param maxFailed most publishes allowed to fail (a full topic under REJECT, a broker outage)
 * @param maxOutOfOrder most first receipts allowed below what their consumer had already seen from
 *     the same producer (redeliveries after a fault do not count: see {@code RunReport})
 */
public record Thresholds(
    double minRate, Duration maxP99, long maxLost, long maxFailed, long maxOutOfOrder) {
  public static final Thresholds DEFAULT = new Thresholds(0, null, 0, 0, 0);

  public Thresholds {
    if (minRate < 0 || maxLost < 0 || maxFailed < 0 || maxOutOfOrder < 0) {
      throw new IllegalArgumentException("thresholds must be >= 0");
    }
  }
}
