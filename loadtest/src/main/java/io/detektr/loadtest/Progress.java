package io.detektr.loadtest;

/**
 * One live sample, taken every second.
 *
 * @param elapsedSeconds since the first message was due
 * @param phase what the run is doing
 * @param outRate publishes confirmed per second over the last interval
 * @param inRate first receipts per second over the last interval
 * @param lag confirmed messages not yet received
 * @param failed publishes failed so far
 * @param endToEndP99Micros end-to-end p99 of the measured window so far (0 during warm-up)
 * @param publishP99Micros publish-to-confirm p99 of the measured window so far
 */
public record Progress(
    double elapsedSeconds,
    Phase phase,
    double outRate,
    double inRate,
    long lag,
    long failed,
    long endToEndP99Micros,
    long publishP99Micros) {

  /** The parts of a run. */
  public enum Phase {
    WARMUP,
    MEASURE,
    DRAIN,
    /** Draining, while the broker does not answer (down, or still loading its data). */
    BROKER_WAIT
  }

  /** Receives the live samples; called from the thread that runs the load test. */
  @FunctionalInterface
  public interface Listener {
    Listener NONE = p -> {};

    void onProgress(Progress progress);
  }
}
