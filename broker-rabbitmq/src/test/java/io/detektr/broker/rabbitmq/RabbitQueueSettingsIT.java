package io.detektr.broker.rabbitmq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.detektr.broker.Broker;
import io.detektr.broker.BrokerConfig;
import io.detektr.broker.BrokerConfigException;
import io.detektr.broker.BrokerFullException;
import io.detektr.broker.Brokers;
import io.detektr.broker.GroupStats;
import io.detektr.broker.Message;
import io.detektr.broker.Overflow;
import io.detektr.broker.Publisher;
import io.detektr.broker.PublisherOptions;
import io.detektr.broker.Subscription;
import io.detektr.broker.tck.Received;
import io.detektr.broker.tck.RecordingMetrics;
import io.detektr.broker.tck.harness.FreePorts;
import io.detektr.broker.tck.harness.TestServers;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What only RabbitMQ needs: queue arguments fixed at declaration and agreed through URI parameters
 * by separate processes (here: separate broker connections), TTL, stats, host lists.
 */
@ExtendWith(TestServers.class)
class RabbitQueueSettingsIT {
  private static String uri(String parameters) {
    String base = TestServers.amqpUri();
    return parameters.isEmpty() ? base : base + (base.contains("?") ? "&" : "?") + parameters;
  }

  private static String topic(TestInfo info) {
    return "it."
        + info.getTestMethod().orElseThrow().getName()
        + "."
        + UUID.randomUUID().toString().substring(0, 8);
  }

  @Test
  @DisplayName("a queue declared with other arguments fails with the differing argument and a fix")
  void mismatchedQueueArgumentsExplainTheFix(TestInfo info) {
    String topic = topic(info);
    try (Broker limited = Brokers.connect(uri("maxLength=3&overflow=drop-oldest"));
        Broker plain = Brokers.connect(uri(""))) {
      limited.declareGroup(topic, "g");
      assertThatThrownBy(() -> plain.declareGroup(topic, "g"))
          .isInstanceOf(BrokerConfigException.class)
          .hasMessageContaining("'" + topic + ".g'")
          .hasMessageContaining("x-max-length")
          .hasMessageContaining("rabbitmqctl delete_queue")
          .hasMessageContaining("same settings");
      // the failed declaration did not break the connection
      plain.declareGroup(topic, "other");
      assertThat(plain.groupStats(topic, "other").consumers()).isZero();
    }
  }

  @Test
  @DisplayName("a publisher whose limits contradict a group declared before it fails at once")
  void publisherLimitsAfterGroupFailFast(TestInfo info) {
    String topic = topic(info);
    try (Broker broker = Brokers.connect(uri(""))) {
      broker.declareGroup(topic, "g");
      assertThatThrownBy(() -> broker.publisher(topic, PublisherOptions.defaults().maxLength(5)))
          .isInstanceOf(BrokerConfigException.class)
          .hasMessageContaining("x-max-length");
    }
  }

  @Test
  @DisplayName("URI limits make a separate publisher and consumer agree: REJECT")
  void uriLimitsApplyAcrossConnections(TestInfo info) throws Exception {
    String topic = topic(info);
    String shared = "maxLength=3&overflow=reject";
    try (Broker consumer = Brokers.connect(uri(shared));
        Broker producer = Brokers.connect(uri(shared))) {
      consumer.declareGroup(topic, "g");
      try (Publisher p = producer.publisher(topic)) {
        for (int i = 0; i < 3; i++) {
          p.publish(Message.of("r" + i)).toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
        Throwable error =
            catchThrowable(() -> p.publish(Message.of("r3")).toCompletableFuture().join());
        assertThat(error).hasCauseInstanceOf(BrokerFullException.class);
        assertThat(error.getCause().getMessage()).contains(topic).contains("limit of 3");
      }
      GroupStats stats = consumer.groupStats(topic, "g");
      assertThat(stats.lag()).isEqualTo(3);
      assertThat(stats.pending()).isEqualTo(-1);
      Received received = new Received();
      try (Subscription s = consumer.subscribe(topic, "g", received)) {
        received.await(3, Duration.ofSeconds(30));
        Awaitility.await()
            .atMost(Duration.ofSeconds(10))
            .until(() -> consumer.groupStats(topic, s.group()).consumers() == 1);
      }
      assertThat(received.payloads()).containsExactly("r0", "r1", "r2");
    }
  }

  @Test
  @DisplayName("messageTtl expires messages, and the publisher's instance counts them as dropped")
  void messageTtlExpiresAndCounts(TestInfo info) throws Exception {
    String topic = topic(info);
    RecordingMetrics metrics = new RecordingMetrics();
    try (Broker broker =
        Brokers.connect(BrokerConfig.builder(uri("messageTtl=200ms")).metrics(metrics).build())) {
      try (Publisher p =
          broker.publisher(
              topic, PublisherOptions.defaults().maxLength(100).overflow(Overflow.DROP_OLDEST))) {
        broker.declareGroup(topic, "g");
        for (int i = 0; i < 4; i++) {
          p.publish(Message.of("t" + i)).toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
      }
      Awaitility.await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> metrics.count("dropped", topic) == 4);
      assertThat(broker.groupStats(topic, "g").lag()).isZero();
    }
  }

  @Test
  @DisplayName("a host list connects to the first node that answers")
  void hostListSkipsDeadNodes(TestInfo info) throws Exception {
    String live = TestServers.amqpUri();
    int authority = live.indexOf("://") + 3;
    int hosts = live.indexOf('@', authority) + 1; // 0 when the URI has no user info
    int insertAt = Math.max(authority, hosts);
    String list =
        live.substring(0, insertAt)
            + "127.0.0.1:"
            + FreePorts.next()
            + ","
            + live.substring(insertAt);
    String topic = topic(info);
    try (Broker broker = Brokers.connect(list)) {
      broker.declareGroup(topic, "g");
      try (Publisher p = broker.publisher(topic)) {
        p.publish(Message.of("hello")).toCompletableFuture().get(30, TimeUnit.SECONDS);
      }
      assertThat(broker.groupStats(topic, "g").lag()).isEqualTo(1);
    }
  }
}
