package io.detektr.loadtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Real sched_setscheduler calls, read back from /proc (CI runs on Linux). */
class CpuPolicyTest {

  @Test
  void aThreadSwitchesItsOwnPolicyBothWays() throws Exception {
    CpuPolicy[] seen =
        onNewThread(
            () -> {
              long tid = CpuPolicy.currentThreadId();
              CpuPolicy.OTHER.applyToCurrentThread(); // whatever it inherited (CLI tests set BATCH)
              CpuPolicy before = CpuPolicy.ofThread(tid);
              CpuPolicy.BATCH.applyToCurrentThread();
              CpuPolicy batch = CpuPolicy.ofThread(tid);
              CpuPolicy.OTHER.applyToCurrentThread();
              return new CpuPolicy[] {before, batch, CpuPolicy.ofThread(tid)};
            });

    assertThat(seen).containsExactly(CpuPolicy.OTHER, CpuPolicy.BATCH, CpuPolicy.OTHER);
  }

  @Test
  void theWholeProcessSwitchesAndLaterThreadsInheritIt() throws Exception {
    try {
      assertThat(CpuPolicy.BATCH.applyToProcess()).isPositive();
      assertThat(CpuPolicy.ofThread(CpuPolicy.currentThreadId())).isEqualTo(CpuPolicy.BATCH);
      // a thread started afterwards gets it from the thread that starts it: the broker's threads
      CpuPolicy[] inherited = onNewThread(() -> new CpuPolicy[] {ofCurrentThread()});
      assertThat(inherited).containsExactly(CpuPolicy.BATCH);
    } finally {
      CpuPolicy.OTHER.applyToProcess();
    }
    assertThat(ofCurrentThread()).isEqualTo(CpuPolicy.OTHER);
  }

  @Test
  void anUnknownThreadIsReportedAsSuch() {
    assertThatThrownBy(() -> CpuPolicy.ofThread(Integer.MAX_VALUE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no thread " + Integer.MAX_VALUE);
  }

  private static CpuPolicy ofCurrentThread() {
    return CpuPolicy.ofThread(CpuPolicy.currentThreadId());
  }

  private static CpuPolicy[] onNewThread(Callable<CpuPolicy[]> body) throws Exception {
    CompletableFuture<CpuPolicy[]> result = new CompletableFuture<>();
    Thread t =
        new Thread(
            () -> {
              try {
                result.complete(body.call());
              } catch (Exception | Error e) {
                result.completeExceptionally(e);
              }
            });
    t.start();
    t.join();
    return result.get();
  }
}
