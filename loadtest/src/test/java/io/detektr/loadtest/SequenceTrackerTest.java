package io.detektr.loadtest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SequenceTrackerTest {
  @Test
  void lostIsConfirmedButNeverReceivedPerProducer() {
    SequenceTracker tracker = new SequenceTracker(2);
    for (long s = 0; s < 10; s++) {
      tracker.confirmed(0, s);
      tracker.confirmed(1, s);
    }
    for (long s = 0; s < 10; s++) {
      tracker.received(0, s);
      if (s != 4) {
        tracker.received(1, s);
      }
    }
    // Duplicates of producer 1's messages must not hide its loss.
    assertThat(tracker.received(1, 5)).isFalse();
    assertThat(tracker.received(1, 6)).isFalse();
    assertThat(tracker.lost()).isEqualTo(1);
  }

  @Test
  void receivedWithoutConfirmIsCountedApart() {
    SequenceTracker tracker = new SequenceTracker(1);
    tracker.confirmed(0, 0);
    tracker.received(0, 0);
    tracker.received(0, 1); // its publish timed out, but it arrived
    assertThat(tracker.lost()).isZero();
    assertThat(tracker.receivedUnconfirmed()).isEqualTo(1);
  }
}
