package io.detektr.exporter;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.detektr.exporter.internal.http.ContentNegotiation;
import io.detektr.exporter.internal.http.HealthJson;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * A small HTTP server (the JDK's {@code HttpServer}) for Prometheus: {@code GET /metrics} answers
 * the registry's scrape in the Prometheus text format 0.0.4, or in OpenMetrics when the {@code
 * Accept} header asks for it. {@code GET /health} answers {@code 200} when every broker of the
 * {@link BrokerCollectors} given answered its last scrape, {@code 503} otherwise, with each
 * broker's state in JSON ({@code {"status":"UP","brokers":[{"broker":"redis://cache:6379",
 * "family":"redis","up":true,"lastScrape":"..."}]}}; a broker not scraped for {@link
 * #HEALTH_MAX_AGE} is read for it). {@code GET /health/live} answers {@code 200 {"status":"UP"}}
 * while the process serves, whatever the brokers do: the liveness probe. Embeds in any service:
 *
 * <pre>{@code
 * try (MetricsServer server = MetricsServer.start(registry, new InetSocketAddress(9121))) { ... }
 * }</pre>
 *
 * <p>A scrape never answers 500 because a broker is down: the collectors report {@code _up 0}.
 */
public final class MetricsServer implements AutoCloseable {
  /** Broker states older than this (no scrape came) are read afresh for {@code /health}. */
  public static final Duration HEALTH_MAX_AGE = Duration.ofSeconds(30);

  private static final byte[] LIVE = "{\"status\":\"UP\"}".getBytes(StandardCharsets.UTF_8);

  private final HttpServer server;
  private final ExecutorService executor;

  private MetricsServer(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  /**
   * Starts serving on {@code address} (port 0 picks a free port, see {@link #port()}); {@code
   * /health} has no broker to report and answers 200.
   */
  public static MetricsServer start(PrometheusMeterRegistry registry, InetSocketAddress address) {
    return start(registry, address, () -> List.of());
  }

  /** Starts serving, {@code /health} reporting the brokers of {@code collectors}. */
  public static MetricsServer start(
      PrometheusMeterRegistry registry, InetSocketAddress address, BrokerCollectors collectors) {
    return start(registry, address, () -> collectors.states(HEALTH_MAX_AGE));
  }

  private static MetricsServer start(
      PrometheusMeterRegistry registry,
      InetSocketAddress address,
      Supplier<List<BrokerState>> brokers) {
    HttpServer server;
    try {
      server = HttpServer.create(address, 16);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot listen on "
              + address.getHostString()
              + ":"
              + address.getPort()
              + " ("
              + e.getMessage()
              + "); pick another --listen address",
          e);
    }
    // Two threads: a slow scrape (a broker at its timeout) must not block /health.
    ExecutorService executor =
        Executors.newFixedThreadPool(
            2,
            r -> {
              Thread t = new Thread(r, "metrics-http");
              t.setDaemon(true);
              return t;
            });
    server.setExecutor(executor);
    server.createContext("/metrics", exchange -> metrics(exchange, registry));
    server.createContext("/health", exchange -> health(exchange, brokers));
    server.start();
    return new MetricsServer(server, executor);
  }

  /** The port actually bound. */
  public int port() {
    return server.getAddress().getPort();
  }

  public InetSocketAddress address() {
    return server.getAddress();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  private static void metrics(HttpExchange exchange, PrometheusMeterRegistry registry)
      throws IOException {
    try (exchange) {
      if (!allowed(exchange)) {
        return;
      }
      String contentType =
          ContentNegotiation.contentType(exchange.getRequestHeaders().getFirst("Accept"));
      ByteArrayOutputStream body = new ByteArrayOutputStream(16 * 1024);
      registry.scrape(body, contentType);
      respond(exchange, 200, contentType, body.toByteArray());
    }
  }

  private static void health(HttpExchange exchange, Supplier<List<BrokerState>> brokers)
      throws IOException {
    try (exchange) {
      if (!allowed(exchange)) {
        return;
      }
      String path = exchange.getRequestURI().getPath();
      if (path.equals("/health/live")) {
        respond(exchange, 200, "application/json", LIVE);
      } else if (path.equals("/health") || path.equals("/health/")) {
        List<BrokerState> states = brokers.get();
        respond(
            exchange,
            HealthJson.allUp(states) ? 200 : 503,
            "application/json",
            HealthJson.render(states));
      } else {
        respond(
            exchange,
            404,
            "text/plain; charset=utf-8",
            "use /health or /health/live\n".getBytes(StandardCharsets.UTF_8));
      }
    }
  }

  private static boolean allowed(HttpExchange exchange) throws IOException {
    String method = exchange.getRequestMethod();
    if (method.equals("GET") || method.equals("HEAD")) {
      return true;
    }
    exchange.getResponseHeaders().set("Allow", "GET, HEAD");
    respond(
        exchange, 405, "text/plain; charset=utf-8", "use GET\n".getBytes(StandardCharsets.UTF_8));
    return false;
  }

  private static void respond(HttpExchange exchange, int status, String contentType, byte[] body)
      throws IOException {
    exchange.getResponseHeaders().set("Content-Type", contentType);
    boolean head = exchange.getRequestMethod().equals("HEAD");
    exchange.sendResponseHeaders(status, head ? -1 : body.length);
    if (!head) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }
}
