package io.detektr.exporter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The RabbitMQ collector against a real node with its management plugin. */
@ExtendWith(ManagedRabbit.class)
class RabbitCollectorIT {
  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

  @Test
  void reportsQueueDepthConsumersAndNodeAlarms() {
    Seed.rabbitQueue(ManagedRabbit.server().managementPort(), "depth-test", 3);
    try (BrokerCollectors c =
        BrokerCollectors.builder().broker(ManagedRabbit.uri()).build().bindTo(registry)) {
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () ->
                  assertThat(registry.scrape())
                      .contains(
                          "rabbitmq_queue_messages_ready{queue=\"depth-test\",vhost=\"/\"} 3.0"));
      assertThat(registry.scrape())
          .contains("rabbitmq_up 1.0")
          .contains("rabbitmq_queue_messages_unacked{queue=\"depth-test\",vhost=\"/\"} 0.0")
          .contains("rabbitmq_queue_consumers{queue=\"depth-test\",vhost=\"/\"} 0.0")
          .contains("rabbitmq_queue_messages_published_total{queue=\"depth-test\",vhost=\"/\"}")
          .containsPattern("rabbitmq_node_mem_used_bytes\\{node=\"tck-\\d+@localhost\"} [0-9.E]+")
          .containsPattern("rabbitmq_node_mem_alarm\\{node=\"[^\"]+\"} 0.0")
          .containsPattern("rabbitmq_node_disk_free_alarm\\{node=\"[^\"]+\"} 0.0");
    }
  }

  @Test
  void wrongCredentialsAreUpZeroWithAReasonThatSaysSo() {
    String uri =
        "amqp://guest:wrong@127.0.0.1:"
            + ManagedRabbit.server().port()
            + "?management-port="
            + ManagedRabbit.server().managementPort();
    try (BrokerCollectors c = BrokerCollectors.builder().broker(uri).build().bindTo(registry)) {
      assertThat(registry.scrape())
          .contains("rabbitmq_up 0.0")
          .contains("HTTP 401 (check BROKER_USERNAME / BROKER_PASSWORD or the user and password")
          .doesNotContain("wrong");
    }
  }

  @Test
  void noManagementApiIsUpZero() {
    int closed = io.detektr.broker.tck.harness.FreePorts.next();
    String uri =
        "amqp://guest:guest@127.0.0.1:"
            + ManagedRabbit.server().port()
            + "?management-port="
            + closed;
    try (BrokerCollectors c =
        BrokerCollectors.builder()
            .broker(uri)
            .scrapeTimeout(Duration.ofMillis(500))
            .build()
            .bindTo(registry)) {
      assertThat(registry.scrape())
          .contains("rabbitmq_up 0.0")
          .contains(
              "rabbitmq_exporter_last_scrape_error{err=\"the RabbitMQ management API does not"
                  + " answer at http://127.0.0.1:"
                  + closed
                  + " (port "
                  + closed
                  + "): is the node running with the rabbitmq_management plugin?");
    }
  }
}
