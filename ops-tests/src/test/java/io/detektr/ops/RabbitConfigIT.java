package io.detektr.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.detektr.broker.Broker;
import io.detektr.broker.BrokerConfigException;
import io.detektr.broker.Brokers;
import io.detektr.broker.Message;
import io.detektr.broker.Publisher;
import io.detektr.broker.Subscription;
import io.detektr.broker.tck.harness.FreePorts;
import io.detektr.broker.tck.harness.RabbitServer;
import io.detektr.broker.tck.harness.ServerProcess;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Boots a real RabbitMQ node through {@code config/rabbitmq/rabbitmq-entrypoint.sh} with {@code
 * rabbitmq.conf}, {@code enabled_plugins} and {@code definitions.json}: the conf file verbatim
 * except the three ports (on 127.0.0.1) and the definitions directory; the user comes from
 * RABBITMQ_USER / RABBITMQ_PASSWORD as in the container. Everything is read back through the
 * management HTTP API and the Prometheus endpoint.
 */
class RabbitConfigIT {
  private static final String USER = "detektr-ops";
  private static final String PASSWORD = "ops-" + UUID.randomUUID();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private static Path dir;
  private static ServerProcess node;
  private static int amqpPort;
  private static int managementPort;
  private static int prometheusPort;

  @BeforeAll
  static void boot() throws Exception {
    dir = Files.createTempDirectory("ops-rabbit-");
    amqpPort = FreePorts.next();
    managementPort = FreePorts.next();
    prometheusPort = FreePorts.next();
    Path conf = dir.resolve("rabbitmq.conf");
    Files.write(
        conf,
        RabbitConf.withOverrides(
            RepoFiles.read("config/rabbitmq/rabbitmq.conf"),
            Map.of(
                "listeners.tcp.default", "127.0.0.1:" + amqpPort,
                "management.tcp.port", Integer.toString(managementPort),
                "prometheus.tcp.port", Integer.toString(prometheusPort),
                "load_definitions", dir.resolve("definitions").toString()),
            List.of(
                "management.tcp.ip = 127.0.0.1",
                "prometheus.tcp.ip = 127.0.0.1",
                // tests run on shared CI disks; production keeps its 2GB limit
                "disk_free_limit.absolute = 1MB")));
    Map<String, String> env =
        Map.ofEntries(
            Map.entry("RABBITMQ_USER", USER),
            Map.entry("RABBITMQ_PASSWORD", PASSWORD),
            Map.entry(
                "RABBITMQ_TOPOLOGY", RepoFiles.file("config/rabbitmq/definitions.json").toString()),
            Map.entry("RABBITMQ_DEFINITIONS_DIR", dir.resolve("definitions").toString()),
            Map.entry("RABBITMQ_SERVER", RabbitServer.SERVER),
            Map.entry("RABBITMQ_NODENAME", "ops-" + amqpPort + "@localhost"),
            Map.entry("RABBITMQ_DIST_PORT", Integer.toString(FreePorts.next())),
            Map.entry("RABBITMQ_MNESIA_BASE", dir.resolve("mnesia").toString()),
            Map.entry("RABBITMQ_LOG_BASE", dir.resolve("log").toString()),
            Map.entry("RABBITMQ_CONFIG_FILE", conf.toString()),
            Map.entry(
                "RABBITMQ_ENABLED_PLUGINS_FILE",
                RepoFiles.file("config/rabbitmq/enabled_plugins").toString()),
            Map.entry("RABBITMQ_PLUGINS_EXPAND_DIR", dir.resolve("plugins-expand").toString()),
            Map.entry("RABBITMQ_PID_FILE", dir.resolve("rabbit.pid").toString()));
    if (!Files.isExecutable(Path.of(RabbitServer.SERVER))) {
      throw new IllegalStateException(
          RabbitServer.SERVER
              + " is missing: install the Debian"
              + " package rabbitmq-server (scripts/test.sh does)");
    }
    node =
        new ServerProcess(
            "rabbit-ops-" + amqpPort,
            List.of("sh", RepoFiles.file("config/rabbitmq/rabbitmq-entrypoint.sh").toString()),
            env,
            dir);
    node.start(managementPort, Duration.ofSeconds(120));
    // the management listener can come up before the AMQP one
    org.awaitility.Awaitility.await("AMQP listener on " + amqpPort)
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> accepts(amqpPort));
  }

  @AfterAll
  static void stop() {
    if (node != null) {
      node.kill();
    }
    RepoFiles.deleteTree(dir);
  }

  @Test
  @DisplayName("the frame queue has the provider's arguments; TTL and bounds come from a policy")
  void queueAndPolicy() throws Exception {
    // policies are applied to existing queues asynchronously after the import
    JsonNode q =
        org.awaitility.Awaitility.await()
            .atMost(Duration.ofSeconds(15))
            .until(
                () -> get("/api/queues/detektr/frames.detector"),
                n -> !n.path("policy").asText().isEmpty());
    assertThat(q.path("durable").asBoolean()).isTrue();
    assertThat(arguments(q))
        .isEqualTo(
            Map.of(
                "x-dead-letter-exchange",
                "_detektr.dropped",
                "x-dead-letter-routing-key",
                "frames"));
    assertThat(q.path("policy").asText()).isEqualTo("frames-bounded");
    JsonNode effective = q.path("effective_policy_definition");
    assertThat(effective.path("message-ttl").asLong()).isEqualTo(60_000);
    assertThat(effective.path("max-length").asLong()).isEqualTo(100_000);
    assertThat(effective.path("overflow").asText()).isEqualTo("reject-publish");

    JsonNode dlq =
        org.awaitility.Awaitility.await()
            .atMost(Duration.ofSeconds(15))
            .until(
                () -> get("/api/queues/detektr/frames.dlq.dead-letters"),
                n -> !n.path("policy").asText().isEmpty());
    assertThat(arguments(dlq))
        .isEqualTo(
            Map.of(
                "x-dead-letter-exchange",
                "_detektr.dropped",
                "x-dead-letter-routing-key",
                "frames.dlq"));
    assertThat(dlq.path("policy").asText()).isEqualTo("frames-dead-letters-bounded");
    assertThat(dlq.path("effective_policy_definition").path("overflow").asText())
        .isEqualTo("drop-head");
  }

  @Test
  @DisplayName("the exchanges have the provider's types and route to the group queues")
  void routing() throws Exception {
    assertThat(get("/api/exchanges/detektr/frames").path("type").asText()).isEqualTo("topic");
    assertThat(get("/api/exchanges/detektr/frames.dlq").path("type").asText()).isEqualTo("topic");
    assertThat(get("/api/exchanges/detektr/_detektr.dropped").path("type").asText())
        .isEqualTo("direct");
    JsonNode reply =
        post(
            "/api/exchanges/detektr/frames/publish",
            "{\"properties\":{},"
                + "\"routing_key\":\"cam-1\",\"payload\":\"frame\",\"payload_encoding\":\"string\"}");
    assertThat(reply.path("routed").asBoolean()).as(reply.toString()).isTrue();
    List<String> dlqTargets = new ArrayList<>();
    get("/api/exchanges/detektr/frames.dlq/bindings/source")
        .forEach(b -> dlqTargets.add(b.path("destination").asText()));
    assertThat(dlqTargets).containsExactly("frames.dlq.dead-letters");
  }

  @Test
  @DisplayName("the real provider publishes, consumes and dead-letters on the defined queues")
  void providerWorksOnTheDefinitions() throws Exception {
    String run = "ops-" + UUID.randomUUID();
    List<String> received = new CopyOnWriteArrayList<>();
    try (Broker broker = Brokers.connect(amqpUri(""));
        Subscription frames =
            broker.subscribe(
                "frames",
                "detector",
                d -> {
                  String text = d.message().payloadAsString();
                  if (text.equals(run + "-poison")) {
                    d.deadLetter("ops test");
                    return;
                  }
                  if (text.startsWith(run)) {
                    received.add(text);
                  }
                  d.ack();
                });
        Publisher publisher = broker.publisher("frames")) {
      for (int i = 0; i < 20; i++) {
        publisher
            .publish(Message.of(run + "-" + i))
            .toCompletableFuture()
            .get(10, TimeUnit.SECONDS);
      }
      publisher
          .publish(Message.of(run + "-poison"))
          .toCompletableFuture()
          .get(10, TimeUnit.SECONDS);
      org.awaitility.Awaitility.await()
          .atMost(Duration.ofSeconds(20))
          .untilAsserted(() -> assertThat(received).hasSize(20));
      List<String> dead = new ArrayList<>();
      org.awaitility.Awaitility.await()
          .atMost(Duration.ofSeconds(20))
          .untilAsserted(
              () -> {
                post(
                        "/api/queues/detektr/frames.dlq.dead-letters/get",
                        "{\"count\":100,"
                            + "\"ackmode\":\"ack_requeue_false\",\"encoding\":\"auto\"}")
                    .forEach(m -> dead.add(m.path("payload").asText()));
                assertThat(dead).contains(run + "-poison");
              });
    }
    // the provider created nothing besides the definitions and left their arguments alone
    List<String> queues = new ArrayList<>();
    get("/api/queues/detektr").forEach(q -> queues.add(q.path("name").asText()));
    assertThat(queues).containsExactlyInAnyOrder("frames.detector", "frames.dlq.dead-letters");
    assertThat(arguments(get("/api/queues/detektr/frames.detector")))
        .containsOnlyKeys("x-dead-letter-exchange", "x-dead-letter-routing-key");
  }

  @Test
  @DisplayName("the check can fail: a provider declaring another argument gets PRECONDITION_FAILED")
  void providerWithOtherArgumentsIsRefused() {
    try (Broker broker = Brokers.connect(amqpUri("?messageTtl=30s"))) {
      assertThatThrownBy(() -> broker.declareGroup("frames", "detector"))
          .isInstanceOf(BrokerConfigException.class)
          .hasMessageContaining("already exists with other arguments")
          .hasMessageContaining("PRECONDITION_FAILED");
    }
  }

  @Test
  @DisplayName("the only user is the one from the environment; guest does not exist")
  void users() throws Exception {
    List<String> names = new ArrayList<>();
    get("/api/users").forEach(u -> names.add(u.path("name").asText()));
    assertThat(names).containsExactly(USER);
    assertThat(get("/api/permissions/detektr/" + USER).path("write").asText()).isEqualTo(".*");
    HttpResponse<String> guest =
        send(
            HttpRequest.newBuilder(api("/api/whoami"))
                .header("Authorization", basic("guest", "guest"))
                .build());
    assertThat(guest.statusCode()).isEqualTo(401);
  }

  @Test
  @DisplayName("the generated user definitions are private to the broker (dir 700, file 600)")
  void userFileIsPrivate() throws Exception {
    Path defs = dir.resolve("definitions");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(defs)))
        .isEqualTo("rwx------");
    assertThat(
            PosixFilePermissions.toString(
                Files.getPosixFilePermissions(defs.resolve("20-user.json"))))
        .isEqualTo("rw-------");
  }

  @Test
  @DisplayName("the entrypoint refuses a missing or JSON-unsafe password")
  void entrypointValidatesPassword() throws Exception {
    assertThat(runEntrypoint(Map.of("RABBITMQ_USER", "u"))).contains("RABBITMQ_PASSWORD");
    assertThat(runEntrypoint(Map.of("RABBITMQ_USER", "u", "RABBITMQ_PASSWORD", "a\"b")))
        .contains("may only contain");
  }

  private static String runEntrypoint(Map<String, String> env) throws Exception {
    ProcessBuilder pb =
        new ProcessBuilder(
                "sh", RepoFiles.file("config/rabbitmq/rabbitmq-entrypoint.sh").toString())
            .redirectErrorStream(true);
    pb.environment().keySet().removeIf(k -> k.startsWith("RABBITMQ_"));
    pb.environment().putAll(env);
    // never reached: the script must stop before it
    pb.environment().put("RABBITMQ_SERVER", "false");
    pb.environment().put("RABBITMQ_DEFINITIONS_DIR", dir.resolve("refused").toString());
    Process p = pb.start();
    p.getOutputStream().close();
    assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as(out).isEqualTo(64);
    assertThat(dir.resolve("refused")).doesNotExist();
    return out;
  }

  @Test
  @DisplayName("the Prometheus plugin answers on its port with rabbitmq_build_info")
  void prometheus() throws Exception {
    HttpResponse<String> r =
        send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + prometheusPort + "/metrics"))
                .build());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).contains("rabbitmq_build_info");
  }

  private static boolean accepts(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** The provider's URI for the node's vhost; never printed (it holds the password). */
  private static String amqpUri(String query) {
    return "amqp://" + USER + ":" + PASSWORD + "@127.0.0.1:" + amqpPort + "/detektr" + query;
  }

  private static Map<String, Object> arguments(JsonNode queue) {
    return JSON.convertValue(
        queue.path("arguments"),
        JSON.getTypeFactory().constructMapType(Map.class, String.class, Object.class));
  }

  private static URI api(String path) {
    return URI.create("http://127.0.0.1:" + managementPort + path);
  }

  private static String basic(String user, String password) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  private static JsonNode get(String path) throws Exception {
    return checked(
        send(
            HttpRequest.newBuilder(api(path))
                .header("Authorization", basic(USER, PASSWORD))
                .build()),
        path);
  }

  private static JsonNode post(String path, String body) throws Exception {
    return checked(
        send(
            HttpRequest.newBuilder(api(path))
                .header("Authorization", basic(USER, PASSWORD))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build()),
        path);
  }

  private static JsonNode checked(HttpResponse<String> r, String path) throws Exception {
    assertThat(r.statusCode()).as("%s -> %s", path, r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  private static HttpResponse<String> send(HttpRequest request) throws Exception {
    return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
  }
}
