package io.detektr.loadtest;

/**
 * Exact accounting by per-producer sequence numbers: which messages each producer had confirmed,
 * which reached a consumer at least once. Lost is counted as "confirmed and never received", not by
 * subtracting totals, so duplicates cannot hide a loss.
 */
final class SequenceTracker {
  private final SequenceSet[] confirmed;
  private final SequenceSet[] received;

  SequenceTracker(int producers) {
    confirmed = new SequenceSet[producers];
    received = new SequenceSet[producers];
    for (int i = 0; i < producers; i++) {
      confirmed[i] = new SequenceSet();
      received[i] = new SequenceSet();
    }
  }

  int producers() {
    return confirmed.length;
  }

  void confirmed(int producer, long seq) {
    confirmed[producer].add(seq);
  }

  /** Records a receipt; true on the first receipt of this message, false for a duplicate. */
  boolean received(int producer, long seq) {
    return received[producer].add(seq);
  }

  /** Confirmed messages that no consumer has received. */
  long lost() {
    long lost = 0;
    for (int i = 0; i < confirmed.length; i++) {
      lost += confirmed[i].countNotIn(received[i]);
    }
    return lost;
  }

  /** Received messages whose publish was never confirmed (it failed or timed out). */
  long receivedUnconfirmed() {
    long count = 0;
    for (int i = 0; i < received.length; i++) {
      count += received[i].countNotIn(confirmed[i]);
    }
    return count;
  }
}
