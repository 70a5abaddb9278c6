package io.detektr.loadtest;

import io.detektr.broker.GroupStats;

/**
 * What the broker still held for the group at the end of a run that lost messages.
 *
 * @param pending handed to a consumer and never acknowledged, or -1 when the broker cannot tell
 * @param undelivered never handed out, or -1 when the broker cannot tell
 */
public record BrokerBacklog(long pending, long undelivered) {
  static BrokerBacklog of(GroupStats stats) {
    return new BrokerBacklog(stats.pending(), stats.lag());
  }
}
