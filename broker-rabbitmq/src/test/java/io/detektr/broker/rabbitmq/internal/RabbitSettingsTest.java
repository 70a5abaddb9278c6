package io.detektr.broker.rabbitmq.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.detektr.broker.BrokerConfig;
import io.detektr.broker.BrokerConfigException;
import io.detektr.broker.Overflow;
import io.detektr.broker.PublisherOptions;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RabbitSettingsTest {
  private static RabbitSettings parse(String uri) {
    return RabbitSettings.from(BrokerConfig.parse(uri));
  }

  @Test
  void defaultsAreClassicUnboundedQueues() {
    RabbitSettings s = parse("amqp://h");
    assertThat(s.quorum()).isFalse();
    assertThat(s.limits()).isEqualTo(QueueLimits.NONE);
    assertThat(s.heartbeat()).isEqualTo(Duration.ofSeconds(30));
    assertThat(s.recoveryInterval()).isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void parametersSetQueueTypeLimitsAndTtl() {
    RabbitSettings s =
        parse(
            "amqp://h?queueType=quorum&maxLength=100&overflow=drop-oldest"
                + "&messageTtl=30s&heartbeat=5&recoveryInterval=250");
    assertThat(s.quorum()).isTrue();
    assertThat(s.limits()).isEqualTo(new QueueLimits(100, Overflow.DROP_OLDEST, 30_000));
    assertThat(s.heartbeat()).isEqualTo(Duration.ofSeconds(5));
    assertThat(s.recoveryInterval()).isEqualTo(Duration.ofMillis(250));
  }

  @Test
  void everyProblemIsReportedAtOnce() {
    assertThatThrownBy(() -> parse("amqp://h?maxLength=-1&overflow=block&messageTtl=soon"))
        .isInstanceOf(BrokerConfigException.class)
        .satisfies(e -> assertThat(((BrokerConfigException) e).problems()).hasSize(3));
  }

  @Test
  void publisherOptionsOverrideTheUriLengthButKeepItsTtl() {
    QueueLimits uri = parse("amqp://h?maxLength=10&messageTtl=1000").limits();
    QueueLimits merged =
        uri.withPublisher(PublisherOptions.defaults().maxLength(5).overflow(Overflow.DROP_OLDEST));
    assertThat(merged).isEqualTo(new QueueLimits(5, Overflow.DROP_OLDEST, 1000));
    assertThat(uri.withPublisher(PublisherOptions.defaults())).isEqualTo(uri);
    assertThat(merged.drops()).isTrue();
    assertThat(QueueLimits.NONE.drops()).isFalse();
  }

  @Test
  void queueArgumentsFollowTheLimits() {
    assertThat(Topology.arguments("t", false, QueueLimits.NONE))
        .containsOnlyKeys("x-dead-letter-exchange", "x-dead-letter-routing-key");
    assertThat(Topology.arguments("t", false, new QueueLimits(5, Overflow.DROP_OLDEST, 200)))
        .containsEntry("x-max-length", 5L)
        .containsEntry("x-overflow", "drop-head")
        .containsEntry("x-message-ttl", 200L)
        .containsEntry("x-dead-letter-exchange", Topology.DROPPED_EXCHANGE)
        .containsEntry("x-dead-letter-routing-key", "t");
    // quorum queues take the message that crosses the limit: declared one lower
    assertThat(Topology.arguments("t", true, new QueueLimits(5, Overflow.REJECT, 0)))
        .containsEntry("x-queue-type", "quorum")
        .containsEntry("x-max-length", 4L)
        .containsEntry("x-overflow", "reject-publish");
  }
}
