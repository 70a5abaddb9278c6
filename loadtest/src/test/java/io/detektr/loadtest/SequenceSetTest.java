package io.detektr.loadtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SequenceSetTest {
  @Test
  void addTellsFirstReceiptFromDuplicate() {
    SequenceSet set = new SequenceSet();
    assertThat(set.add(7)).isTrue();
    assertThat(set.add(7)).isFalse();
    assertThat(set.contains(7)).isTrue();
    assertThat(set.contains(8)).isFalse();
  }

  @Test
  void countsAcrossPageBoundaries() {
    SequenceSet confirmed = new SequenceSet();
    SequenceSet received = new SequenceSet();
    for (long s = 0; s < 200_000; s++) {
      confirmed.add(s);
      if (s != 65_535 && s != 65_536 && s != 199_999) {
        received.add(s);
      }
    }
    assertThat(confirmed.size()).isEqualTo(200_000);
    assertThat(confirmed.countNotIn(received)).isEqualTo(3);
    assertThat(received.countNotIn(confirmed)).isZero();
  }

  @Test
  void concurrentAddsCountEveryNumberExactlyOnce() throws InterruptedException {
    SequenceSet set = new SequenceSet();
    AtomicLong firsts = new AtomicLong();
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      Thread thread =
          new Thread(
              () -> {
                for (long s = 0; s < 100_000; s++) {
                  if (set.add(s)) {
                    firsts.incrementAndGet();
                  }
                }
              });
      threads.add(thread);
      thread.start();
    }
    for (Thread t : threads) {
      t.join();
    }
    assertThat(firsts.get()).isEqualTo(100_000);
    assertThat(set.size()).isEqualTo(100_000);
  }

  @Test
  void rejectsNumbersOutsideTheRange() {
    SequenceSet set = new SequenceSet();
    assertThatThrownBy(() -> set.add(-1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> set.add(SequenceSet.MAX_SEQUENCE))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
