package io.detektr.deploy.release;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.detektr.deploy.Secrets;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Issue 18 defect 9: the loser of a lock race is told who won, not "unknown since 1970". */
class ReleaseStoreLockTest {
  final MemoryRemote remote = new MemoryRemote();
  final ReleaseStore store =
      new ReleaseStore(remote, "/srv/b", new Secrets(Map.<String, String>of()::get));

  @Test
  void theLoserOfARaceWaitsForTheWinnersInfo() {
    // the winner has made lock/ but not yet written lock/info.json
    remote.mkdirs("/srv/b");
    remote.mkdirExclusive("/srv/b/lock");
    CompletableFuture.delayedExecutor(400, TimeUnit.MILLISECONDS)
        .execute(
            () ->
                remote.write(
                    "/srv/b/lock/info.json",
                    ("{\"owner\":\"ci@runner\",\"since\":\""
                            + Instant.now()
                            + "\",\"action\":\"deploy\",\"reason\":\"push abc\"}")
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8),
                    0644));
    assertThatThrownBy(() -> store.lock(new LockInfo("me@laptop", Instant.now(), "deploy", "mine")))
        .isInstanceOf(LockException.class)
        .hasMessageContaining("is locked by ci@runner since")
        .hasMessageContaining("(deploy: push abc)")
        .hasMessageNotContaining("1970");
  }

  @Test
  void aLockWithoutInfoForLongIsReportedAsSuch() {
    remote.mkdirs("/srv/b");
    remote.mkdirExclusive("/srv/b/lock");
    assertThatThrownBy(() -> store.lock(new LockInfo("me@laptop", Instant.now(), "deploy", "")))
        .isInstanceOf(LockException.class)
        .hasMessageContaining("an agent that wrote no lock/info.json")
        .hasMessageNotContaining("1970");
  }
}
