package io.detektr.exporter;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.detektr.exporter.internal.http.ContentNegotiation;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A small HTTP server (the JDK's {@code HttpServer}) for Prometheus: {@code GET /metrics} answers
 * the registry's scrape in the Prometheus text format 0.0.4, or in OpenMetrics when the {@code
 * Accept} header asks for it; {@code GET /health} answers {@code 200 {"status":"UP"}} while the
 * process serves. Embeds in any service:
 *
 * <pre>{@code
 * try (MetricsServer server = MetricsServer.start(registry, new InetSocketAddress(9121))) { ... }
 * }</pre>
 *
 * <p>A scrape never answers 500 because a broker is down: the collectors report {@code _up 0}.
 */
public final class MetricsServer implements AutoCloseable {
  private final HttpServer server;
  private final ExecutorService executor;

  private MetricsServer(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  /** Starts serving on {@code address} (port 0 picks a free port, see {@link #port()}). */
  public static MetricsServer start(PrometheusMeterRegistry registry, InetSocketAddress address) {
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
    server.createContext("/health", MetricsServer::health);
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

  private static void health(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (allowed(exchange)) {
        respond(
            exchange,
            200,
            "application/json",
            "{\"status\":\"UP\"}".getBytes(StandardCharsets.UTF_8));
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
