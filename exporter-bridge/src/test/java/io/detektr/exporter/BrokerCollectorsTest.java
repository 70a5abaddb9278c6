package io.detektr.exporter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.detektr.broker.BrokerConfigException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Building collectors from URIs: every problem reported at once, passwords never shown. */
class BrokerCollectorsTest {
  @Test
  void reportsEveryProblemAtOnce() {
    assertThatThrownBy(
            () ->
                BrokerCollectors.builder()
                    .broker("mem://")
                    .broker("kafka://k:9092")
                    .broker("redis://a:6379")
                    .broker("redis://b:6379")
                    .streams(List.of("frames", " "))
                    .scrapeTimeout(Duration.ZERO)
                    .build())
        .isInstanceOfSatisfying(
            BrokerConfigException.class,
            e ->
                assertThat(e.problems())
                    .hasSize(5)
                    .anySatisfy(p -> assertThat(p).contains("embed BrokerMetricsBridge"))
                    .anySatisfy(
                        p -> assertThat(p).contains("no server statistics for scheme 'kafka'"))
                    .anySatisfy(p -> assertThat(p).contains("more than one redis broker"))
                    .anySatisfy(p -> assertThat(p).contains("stream name is empty"))
                    .anySatisfy(p -> assertThat(p).contains("scrape timeout must be positive")));
  }

  @Test
  void targetsMaskPasswordsAndFindTheManagementApi() {
    try (BrokerCollectors c =
        BrokerCollectors.builder()
            .broker("redis://:s3cret@cache:6380/2")
            .broker("amqp://frames:s3cret@rabbit-1:5672,rabbit-2:5672/video")
            .build()) {
      assertThat(String.join("\n", c.targets()))
          .doesNotContain("s3cret")
          .contains("cache:6380")
          .contains("management API http://rabbit-1:15672");
    }
  }

  @Test
  void credentialsMayComeFromTheEnvironment() {
    try (BrokerCollectors c =
        BrokerCollectors.builder()
            .environment(Map.of("BROKER_USERNAME", "frames", "BROKER_PASSWORD", "s3cret"))
            .broker("amqps://rabbit:5671?management-url=https://mgmt.example:8443")
            .build()) {
      assertThat(c.targets())
          .singleElement()
          .asString()
          .doesNotContain("s3cret")
          .contains("https://mgmt.example:8443");
    }
  }

  @Test
  void readsRedisUrisWithTheProvidersGrammar() {
    for (String uri :
        List.of(
            "redis-sentinel://s1:26379,s2:26379/0?masterId=frames",
            "rediss://cache:6380?verifyPeer=none",
            "rediss://cache:6380?verifyPeer=false",
            "redis://cache:6379/3?pack=64")) {
      try (BrokerCollectors c = BrokerCollectors.builder().broker(uri).build()) {
        assertThat(c.targets()).as(uri).hasSize(1);
      }
    }
  }

  @Test
  void rejectsWhatTheProviderRejects() {
    assertThatThrownBy(
            () ->
                BrokerCollectors.builder()
                    .broker("redis://cache:6379/x?pack=0&verifyPeer=maybe")
                    .build())
        .isInstanceOfSatisfying(
            BrokerConfigException.class,
            e ->
                assertThat(e.problems())
                    .hasSize(3)
                    .anySatisfy(p -> assertThat(p).contains("must be a database number"))
                    .anySatisfy(p -> assertThat(p).contains("pack must be"))
                    .anySatisfy(p -> assertThat(p).contains("verifyPeer must be")));
  }
}
