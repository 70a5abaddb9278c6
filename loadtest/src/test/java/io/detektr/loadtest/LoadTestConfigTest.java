package io.detektr.loadtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class LoadTestConfigTest {
  @Test
  void reportsEveryProblemAtOnce() {
    assertThatThrownBy(
            () -> LoadTestConfig.builder().rate(-1).duration(Duration.ZERO).batch(0).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--rate")
        .hasMessageContaining("--duration")
        .hasMessageContaining("--batch");
  }

  @Test
  void killingTheOnlyConsumerIsRefused() {
    assertThatThrownBy(
            () ->
                LoadTestConfig.builder()
                    .consumers(1)
                    .killConsumerAfter(Duration.ofSeconds(1))
                    .build())
        .hasMessageContaining("--consumers 2 or more");
  }

  @Test
  void describeMasksThePassword() {
    LoadTestConfig c = LoadTestConfig.builder().brokerUri("redis://:s3cret@localhost:6379").build();
    assertThat(c.describe().get("broker").toString()).doesNotContain("s3cret");
    assertThat(SummaryTable.header(c)).doesNotContain("s3cret");
  }

  @Test
  void theSchedulingPolicyFollowsTheRateUnlessGiven() {
    assertThat(LoadTestConfig.builder().rate(0).build().cpuPolicy()).isEqualTo(CpuPolicy.BATCH);
    assertThat(LoadTestConfig.builder().rate(1000).build().cpuPolicy()).isEqualTo(CpuPolicy.OTHER);
    assertThat(LoadTestConfig.builder().rate(1000).cpuPolicy(CpuPolicy.BATCH).build().cpuPolicy())
        .isEqualTo(CpuPolicy.BATCH);
    assertThat(LoadTestConfig.builder().rate(0).cpuPolicy(CpuPolicy.OTHER).build().cpuPolicy())
        .isEqualTo(CpuPolicy.OTHER);
  }
}
