package io.detektr.broker.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.lang.Thread.State;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class InFlightWindowTest {
  private static final long LONG = 10;

  @Test
  void aFullWindowResumesOnlyOnceAQuarterIsConfirmed() throws Exception {
    InFlightWindow window = new InFlightWindow(8);
    for (int i = 0; i < 8; i++) {
      assertThat(window.acquire(0, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(window.acquire(20, TimeUnit.MILLISECONDS)).as("full").isFalse();

    CompletableFuture<Boolean> blocked = new CompletableFuture<>();
    Thread waiter =
        new Thread(
            () -> {
              try {
                blocked.complete(window.acquire(LONG, TimeUnit.SECONDS));
              } catch (InterruptedException e) {
                blocked.completeExceptionally(e);
              }
            });
    waiter.start();
    await().atMost(Duration.ofSeconds(LONG)).until(() -> waiter.getState() == State.TIMED_WAITING);
    window.release(); // 7 in flight: a slot is free, but the waiter resumes at 6
    Thread.sleep(100);
    assertThat(blocked).as("woken before the window drained to 6").isNotDone();
    window.release();
    assertThat(blocked.get(LONG, TimeUnit.SECONDS)).isTrue();
    assertThat(window.inFlight()).isEqualTo(7);
  }

  @Test
  void aWindowOfOneWorks() throws Exception {
    InFlightWindow window = new InFlightWindow(1);
    assertThat(window.acquire(0, TimeUnit.SECONDS)).isTrue();
    assertThat(window.acquire(10, TimeUnit.MILLISECONDS)).isFalse();
    window.release();
    assertThat(window.acquire(0, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void awaitEmptyWaitsForTheLastConfirm() throws Exception {
    InFlightWindow window = new InFlightWindow(4);
    window.acquire(0, TimeUnit.SECONDS);
    window.acquire(0, TimeUnit.SECONDS);
    assertThat(window.awaitEmpty(20, TimeUnit.MILLISECONDS)).isFalse();
    CompletableFuture.runAsync(
        () -> {
          window.release();
          window.release();
        });
    assertThat(window.awaitEmpty(LONG, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void manyPublishersAndConfirmersNeverExceedTheWindowNorHang() throws Exception {
    InFlightWindow window = new InFlightWindow(16);
    int perPublisher = 50_000;
    AtomicInteger over = new AtomicInteger();
    java.util.concurrent.BlockingQueue<Integer> sent =
        new java.util.concurrent.LinkedBlockingQueue<>();
    Thread confirmer =
        new Thread(
            () -> {
              try {
                for (int i = 0; i < 3 * perPublisher; i++) {
                  sent.take();
                  window.release();
                }
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
    confirmer.start();
    CompletableFuture<?>[] publishers = new CompletableFuture<?>[3];
    for (int p = 0; p < 3; p++) {
      publishers[p] =
          CompletableFuture.runAsync(
              () -> {
                for (int i = 0; i < perPublisher; i++) {
                  try {
                    if (!window.acquire(LONG, TimeUnit.SECONDS)) {
                      throw new IllegalStateException("hung with " + window.inFlight());
                    }
                  } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                  }
                  if (window.inFlight() > 16) {
                    over.incrementAndGet();
                  }
                  sent.add(i);
                }
              });
    }
    CompletableFuture.allOf(publishers).get(60, TimeUnit.SECONDS);
    confirmer.join(TimeUnit.SECONDS.toMillis(60));
    assertThat(over).hasValue(0);
    assertThat(window.awaitEmpty(LONG, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void rejectsAnEmptyWindow() {
    assertThatThrownBy(() -> new InFlightWindow(0)).isInstanceOf(IllegalArgumentException.class);
  }
}
