package io.detektr.loadtest.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** {@code --metrics-port}: the run's broker.* meters can be scraped while it runs. */
class MetricsPortTest {
  @Test
  void servesTheBrokerMetersWhileRunning() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    StringWriter out = new StringWriter();
    CompletableFuture<Integer> exit =
        CompletableFuture.supplyAsync(
            () ->
                LoadTestCommand.execute(
                    new String[] {
                      "--broker",
                      "mem://metrics",
                      "--rate",
                      "1000",
                      "--duration",
                      "3s",
                      "--warmup",
                      "0s",
                      "--quiet",
                      "--metrics-port",
                      Integer.toString(port)
                    },
                    new PrintWriter(out, true),
                    new PrintWriter(new StringWriter(), true)));
    HttpClient http = HttpClient.newHttpClient();
    HttpRequest scrape =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
            .timeout(Duration.ofSeconds(2))
            .build();
    AtomicReference<String> body = new AtomicReference<>("");
    Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () -> {
              try {
                body.set(http.send(scrape, HttpResponse.BodyHandlers.ofString()).body());
              } catch (IOException e) {
                return false; // not listening yet
              }
              return body.get().contains("broker_messages_published")
                  && body.get().contains("broker_messages_consumed");
            });
    assertThat(body.get()).contains("topic=\"loadtest\"").contains("provider=\"mem\"");
    assertThat(exit.get()).as(out.toString()).isZero();
    assertThat(out.toString()).contains("metrics: http://localhost:" + port + "/metrics");
  }
}
