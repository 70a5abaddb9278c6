package io.detektr.deploy.release;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReleaseHistoryTest {
  private static Release r(int n, String outcome) {
    return new Release(
        ReleaseHistory.format(n), Instant.EPOCH, "sha", "tag", "me", Map.of(), outcome, "");
  }

  @Test
  void numbering() {
    assertThat(ReleaseHistory.nextId(List.of())).isEqualTo("0001");
    assertThat(ReleaseHistory.nextId(List.of("0001", "0003", "junk", "0002.tmp", "12")))
        .isEqualTo("0004");
    assertThat(ReleaseHistory.nextId(List.of("9999"))).isEqualTo("10000");
    assertThat(ReleaseHistory.isReleaseId("0007")).isTrue();
    assertThat(ReleaseHistory.isReleaseId("7")).isFalse();
  }

  @Test
  void rollbackTargetIsTheNewestHealthyOneBeforeCurrent() {
    List<Release> all =
        List.of(r(1, Release.LIVE), r(2, Release.LIVE), r(3, Release.FAILED), r(4, Release.LIVE));
    assertThat(ReleaseHistory.previousGood(all, "0004")).map(Release::id).contains("0002");
    assertThat(ReleaseHistory.previousGood(all, "0002")).map(Release::id).contains("0001");
    assertThat(ReleaseHistory.previousGood(all, "0001")).isEmpty();
    assertThat(ReleaseHistory.previousGood(all, null)).map(Release::id).contains("0004");
  }

  @Test
  void newestFirst() {
    assertThat(ReleaseHistory.newestFirst(List.of(r(2, "x"), r(10, "x"), r(1, "x"))))
        .extracting(Release::id)
        .containsExactly("0010", "0002", "0001");
  }

  @Test
  void pruningKeepsCurrentAndRollbackTarget() {
    List<Release> all =
        List.of(
            r(1, Release.LIVE),
            r(2, Release.FAILED),
            r(3, Release.FAILED),
            r(4, Release.FAILED),
            r(5, Release.LIVE));
    assertThat(ReleaseHistory.toPrune(all, "0005", 2)).containsExactly("0003", "0002");
    assertThat(ReleaseHistory.toPrune(all, "0005", 10)).isEmpty();
  }
}
