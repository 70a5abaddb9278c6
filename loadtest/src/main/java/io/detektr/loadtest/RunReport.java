package io.detektr.loadtest;

import java.util.List;
import java.util.Map;

/**
 * Everything a run measured; its JSON form ({@code --json}) has these names as top-level keys.
 *
 * @param config the settings, credentials masked
 * @param provider the broker provider that ran ({@code mem}, {@code redis}, {@code rabbitmq})
 * @param sent publishes attempted
 * @param confirmed publishes the broker confirmed
 * @param failed publishes that failed
 * @param received distinct messages received (first receipts only)
 * @param duplicates receipts of a message already received (redeliveries)
 * @param lost confirmed messages never received, counted by sequence number (0 and not checked when
 *     publishing only, {@code --consumers 0})
 * @param outOfOrder first receipts below the last sequence number the same consumer had seen from
 *     the same producer, delivered for the first time (checked by {@code --max-out-of-order})
 * @param redeliveredLate such receipts of messages the broker had handed out before (attempt 2 or
 *     more: a consumer died or failed holding them), which come back late by design
 * @param receivedUnconfirmed received messages whose publish had failed (e.g. timed out)
 * @param foreign messages of other runs or tools found on the topic (acknowledged, not counted)
 * @param measuredSeconds the send window after the warm-up
 * @param publishRate confirmed msg/s of messages due in the measured window
 * @param receiveRate received msg/s of those messages, until the last of them arrived
 * @param payloadBytes bytes per message payload
 * @param publishMegabytesPerSecond publishRate times the payload size, in MB/s (10^6 bytes)
 * @param receiveMegabytesPerSecond receiveRate times the payload size, in MB/s
 * @param latency {@code publish} (to confirm) and {@code endToEnd} (to the consumer's handler),
 *     microseconds from the intended send time
 * @param jvm {@code maxHeapMb}, {@code peakHeapMb} (sampled, garbage included) and {@code
 *     peakLiveHeapMb} (after collections) of the loadtest JVM
 * @param firstFailure the message of the first failed publish, or null
 * @param brokerBacklog when messages were lost, what the broker still held for the group at the
 *     end; null when nothing was lost or the broker did not answer
 * @param brokerWait how long the drain waited for a broker that did not answer, and what it left
 *     unverified
 * @param thresholds each limit checked
 * @param passed whether every threshold held
 */
public record RunReport(
    Map<String, Object> config,
    String provider,
    long sent,
    long confirmed,
    long failed,
    long received,
    long duplicates,
    long lost,
    long outOfOrder,
    long redeliveredLate,
    long receivedUnconfirmed,
    long foreign,
    double measuredSeconds,
    double publishRate,
    double receiveRate,
    int payloadBytes,
    double publishMegabytesPerSecond,
    double receiveMegabytesPerSecond,
    Map<String, LatencySummary> latency,
    Map<String, Long> jvm,
    String firstFailure,
    BrokerBacklog brokerBacklog,
    BrokerWait brokerWait,
    List<ThresholdResult> thresholds,
    boolean passed) {

  public LatencySummary publishLatency() {
    return latency.get("publish");
  }

  public LatencySummary endToEndLatency() {
    return latency.get("endToEnd");
  }
}
