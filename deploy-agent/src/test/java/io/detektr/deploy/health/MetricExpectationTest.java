package io.detektr.deploy.health;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MetricExpectationTest {
  static final String DOWN =
      "# HELP redis_up 1 if the last scrape of Redis succeeded, 0 otherwise\n"
          + "# TYPE redis_up gauge\n"
          + "redis_up 0.0\n";

  static MetricExpectation of(String s) {
    return MetricExpectation.parse(s).orElseThrow();
  }

  @Test
  void theHelpLineNeverSatisfiesTheCheck() {
    assertThat(of("redis_up 1").check(DOWN)).isEqualTo("redis_up is 0.0, expected redis_up == 1");
    assertThat(of("redis_up == 1").check(DOWN)).isNotNull();
  }

  @Test
  void valuesAreComparedAsNumbers() {
    assertThat(of("redis_up == 1").check("redis_up 1.0\n")).isNull();
    assertThat(of("redis_up 1").check("redis_up 1 1700000000000\n")).isNull();
    assertThat(of("broker_lag < 10").check("broker_lag 12\n")).contains("is 12");
    assertThat(of("x >= 2").check("x 2e0")).isNull();
  }

  @Test
  void labelsAreMatchedExactly() {
    String body = "up{job=\"a\"} 0\nup{job=\"b\"} 1\n";
    assertThat(of("up{job=\"b\"} == 1").check(body)).isNull();
    assertThat(of("up{job=\"a\"} == 1").check(body)).isNotNull();
    assertThat(of("up == 1").check(body)).isEqualTo("no sample up in the exposition");
  }

  @Test
  void aMissingMetricFails() {
    assertThat(of("redis_up == 1").check("# HELP redis_up 1\n"))
        .isEqualTo("no sample redis_up in the exposition");
  }

  @Test
  void textThatIsNotAnExpectationIsRefused() {
    assertThat(MetricExpectation.parse("healthy")).isEmpty();
    assertThat(MetricExpectation.parse("redis_up is one")).isEmpty();
  }
}
