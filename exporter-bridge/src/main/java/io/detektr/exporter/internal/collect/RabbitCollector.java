package io.detektr.exporter.internal.collect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * RabbitMQ statistics through the management plugin's HTTP API (JDK HttpClient + Jackson): queue
 * depth, consumers and message counts of the URI's vhost, node memory and disk alarms. Two requests
 * per scrape, sent concurrently, with only the columns used.
 */
public final class RabbitCollector extends ScrapeCollector {
  private static final String QUEUE_COLUMNS =
      "name,vhost,messages_ready,messages_unacknowledged,"
          + "consumers,message_stats.publish,message_stats.deliver_get,message_stats.redeliver";
  private static final String NODE_COLUMNS =
      "name,running,mem_used,mem_limit,mem_alarm," + "disk_free,disk_free_limit,disk_free_alarm";

  private final HttpClient http;
  private final ObjectMapper json = new ObjectMapper();
  private final URI management;
  private final String vhost;
  private final String authorization;
  private final String redacted;
  private final Duration timeout;

  /** {@code management}: base URL of the management API, e.g. {@code http://host:15672}. */
  public RabbitCollector(
      URI management,
      String vhost,
      String username,
      String password,
      String redacted,
      Duration timeout) {
    super("rabbitmq", timeout);
    this.management = management;
    this.vhost = vhost;
    this.redacted = redacted;
    this.timeout = timeout;
    this.authorization =
        "Basic "
            + Base64.getEncoder()
                .encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(timeout)
            // plain HTTP/1.1: the h2c upgrade attempt buys nothing for two small JSON requests
            .version(HttpClient.Version.HTTP_1_1)
            .build();
  }

  @Override
  protected String hint(Throwable error) {
    if (error instanceof java.net.ConnectException
        || messages(error).contains("Connection refused")) {
      return "the RabbitMQ management API does not answer at "
          + management
          + " (port "
          + management.getPort()
          + "): is the node running with the rabbitmq_management plugin? Set the URI parameter "
          + CollectorFactory.MANAGEMENT_PORT_PARAMETER
          + " if it listens elsewhere";
    }
    return null;
  }

  @Override
  public String target() {
    return redacted + " (management API " + management + ")";
  }

  @Override
  protected void scrape(Samples out, long deadline) throws Exception {
    String encodedVhost = URLEncoder.encode(vhost, StandardCharsets.UTF_8).replace("+", "%20");
    CompletableFuture<JsonNode> queues =
        get("/api/queues/" + encodedVhost + "?columns=" + QUEUE_COLUMNS);
    CompletableFuture<JsonNode> nodes = get("/api/nodes?columns=" + NODE_COLUMNS);
    for (JsonNode q : queues.get(remainingNanos(deadline), TimeUnit.NANOSECONDS)) {
      String[] labels = {"vhost", q.path("vhost").asText(), "queue", q.path("name").asText()};
      out.gauge(
          "rabbitmq_queue_messages_ready",
          "Messages ready to be delivered",
          q.path("messages_ready").asDouble(0),
          labels);
      out.gauge(
          "rabbitmq_queue_messages_unacked",
          "Messages delivered to consumers and not acknowledged",
          q.path("messages_unacknowledged").asDouble(0),
          labels);
      out.gauge(
          "rabbitmq_queue_consumers",
          "Consumers of the queue",
          q.path("consumers").asDouble(0),
          labels);
      JsonNode stats = q.path("message_stats");
      out.counter(
          "rabbitmq_queue_messages_published",
          "Messages published to the queue",
          stats.path("publish").asDouble(0),
          labels);
      out.counter(
          "rabbitmq_queue_messages_delivered",
          "Messages delivered from the queue",
          stats.path("deliver_get").asDouble(0),
          labels);
      out.counter(
          "rabbitmq_queue_messages_redelivered",
          "Messages delivered again",
          stats.path("redeliver").asDouble(0),
          labels);
    }
    for (JsonNode n : nodes.get(remainingNanos(deadline), TimeUnit.NANOSECONDS)) {
      String node = n.path("name").asText();
      out.gauge("rabbitmq_node_running", "1 if the node runs", bool(n, "running"), "node", node);
      out.gauge(
          "rabbitmq_node_mem_used_bytes",
          "Memory used by the node",
          n.path("mem_used").asDouble(Double.NaN),
          "node",
          node);
      out.gauge(
          "rabbitmq_node_mem_limit_bytes",
          "Memory high watermark of the node",
          n.path("mem_limit").asDouble(Double.NaN),
          "node",
          node);
      out.gauge(
          "rabbitmq_node_mem_alarm",
          "1 while the memory alarm blocks publishers",
          bool(n, "mem_alarm"),
          "node",
          node);
      out.gauge(
          "rabbitmq_node_disk_free_bytes",
          "Free disk space of the node",
          n.path("disk_free").asDouble(Double.NaN),
          "node",
          node);
      out.gauge(
          "rabbitmq_node_disk_free_limit_bytes",
          "Free disk limit of the node",
          n.path("disk_free_limit").asDouble(Double.NaN),
          "node",
          node);
      out.gauge(
          "rabbitmq_node_disk_free_alarm",
          "1 while the disk alarm blocks publishers",
          bool(n, "disk_free_alarm"),
          "node",
          node);
    }
  }

  private static double bool(JsonNode n, String field) {
    return n.path(field).asBoolean(false) ? 1 : 0;
  }

  private CompletableFuture<JsonNode> get(String path) {
    HttpRequest request =
        HttpRequest.newBuilder(management.resolve(path))
            .timeout(timeout)
            .header("Authorization", authorization)
            .header("Accept", "application/json")
            .GET()
            .build();
    return http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray())
        .thenApply(
            response -> {
              if (response.statusCode() != 200) {
                throw new IllegalStateException(
                    "management API "
                        + path.replaceAll("\\?.*", "")
                        + " answered HTTP "
                        + response.statusCode()
                        + (response.statusCode() == 401
                            ? " (check BROKER_USERNAME / BROKER_PASSWORD or the user and password of the URI)"
                            : ""));
              }
              try {
                return json.readTree(response.body());
              } catch (IOException e) {
                throw new IllegalStateException(
                    "management API sent invalid JSON: " + e.getMessage());
              }
            });
  }
}
