package io.detektr.exporter;

import static org.assertj.core.api.Assertions.assertThat;

import io.detektr.exporter.internal.http.ContentNegotiation;
import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** /metrics with content negotiation and /health, over real HTTP on loopback. */
class MetricsServerTest {
  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private MetricsServer server;
  private String base;

  @BeforeEach
  void start() {
    Counter.builder("broker.messages.published")
        .tag("topic", "frames")
        .register(registry)
        .increment(3);
    server = MetricsServer.start(registry, new InetSocketAddress("127.0.0.1", 0));
    base = "http://127.0.0.1:" + server.port();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void servesTheTextFormatByDefault() {
    HttpResponse<String> r = Http.get(base + "/metrics", null);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).contains(ContentNegotiation.TEXT);
    assertThat(r.body())
        .contains("broker_messages_published_total{topic=\"frames\"} 3.0")
        .doesNotContain("# EOF");
  }

  @Test
  void servesOpenMetricsWhenAskedAsPrometheusAsks() {
    HttpResponse<String> r =
        Http.get(
            base + "/metrics",
            "application/openmetrics-text;"
                + "version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,"
                + "text/plain;version=0.0.4;q=0.5,*/*;q=0.1");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).contains(ContentNegotiation.OPENMETRICS);
    assertThat(r.body())
        .contains("broker_messages_published_total{topic=\"frames\"} 3.0")
        .endsWith("# EOF\n");
  }

  @Test
  void healthWithoutBrokersAndLivenessAnswerUp() {
    HttpResponse<String> r = Http.get(base + "/health", null);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("{\"status\":\"UP\",\"brokers\":[]}");
    HttpResponse<String> live = Http.get(base + "/health/live", null);
    assertThat(live.statusCode()).isEqualTo(200);
    assertThat(live.body()).isEqualTo("{\"status\":\"UP\"}");
    assertThat(Http.get(base + "/health/nothing", null).statusCode()).isEqualTo(404);
  }

  @Test
  void onlyGetIsAllowed() {
    assertThat(Http.rabbit("POST", base + "/metrics", "{}").statusCode()).isEqualTo(405);
  }

  @Test
  void negotiationHonoursQZero() {
    assertThat(ContentNegotiation.contentType("application/openmetrics-text;q=0,text/plain"))
        .isEqualTo(ContentNegotiation.TEXT);
    assertThat(ContentNegotiation.contentType(null)).isEqualTo(ContentNegotiation.TEXT);
    assertThat(ContentNegotiation.contentType("application/openmetrics-text"))
        .isEqualTo(ContentNegotiation.OPENMETRICS);
  }
}
