/**
 * The load test core: {@link io.detektr.loadtest.LoadTestConfig} (immutable settings), {@link
 * io.detektr.loadtest.LoadTest} (runs producers and consumers against any {@code Broker}), {@link
 * io.detektr.loadtest.RunReport} (every figure) and its two forms, {@link
 * io.detektr.loadtest.SummaryTable} and {@link io.detektr.loadtest.JsonReport}. Loss is counted
 * exactly from per-producer sequence numbers; latencies are HdrHistogram distributions measured
 * from the intended send time. Depends on broker-api only; providers are found at run time.
 */
package io.detektr.loadtest;
