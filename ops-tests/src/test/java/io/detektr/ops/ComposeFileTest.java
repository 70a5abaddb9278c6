package io.detektr.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * {@code docker-compose.broker.yml}: valid against the Compose Specification schema, and the
 * services, images, ports and healthchecks are the ones the deploy agent (deploy/nebula.yml:
 * services, images[].service, health checks, preflight ports) is configured for.
 */
class ComposeFileTest {
  private static final String FILE = "docker-compose.broker.yml";

  /** Service -> ports it publishes on the host's loopback (the agent's preflight list). */
  static final Map<String, List<String>> CONTRACT =
      Map.of(
          "redis", List.of("127.0.0.1:6379:6379"),
          "exporter-bridge", List.of("127.0.0.1:9121:9121"),
          "rabbitmq",
              List.of("127.0.0.1:5672:5672", "127.0.0.1:15672:15672", "127.0.0.1:15692:15692"));

  private final JsonNode compose = Schemas.yaml(RepoFiles.read(FILE));
  private final JsonNode services = compose.path("services");

  @Test
  @DisplayName("is valid against the Compose Specification JSON schema")
  void schemaValid() {
    assertThat(Schemas.violations(Schemas.COMPOSE, compose)).isEmpty();
  }

  @Test
  @DisplayName("the schema check can fail: a misspelt service key is reported")
  void schemaRejectsBrokenFile() {
    JsonNode broken = compose.deepCopy();
    ((ObjectNode) broken.path("services").path("redis")).put("healtcheck", "x");
    assertThat(Schemas.violations(Schemas.COMPOSE, broken)).isNotEmpty();
  }

  @Test
  @DisplayName("services and loopback ports are the agent's: redis, exporter-bridge, rabbitmq")
  void servicesAndPorts() {
    assertThat(names(services)).containsExactlyInAnyOrderElementsOf(CONTRACT.keySet());
    CONTRACT.forEach(
        (service, ports) ->
            assertThat(texts(services.path(service).path("ports")))
                .as(service)
                .containsExactlyElementsOf(ports));
  }

  @Test
  @DisplayName("RabbitMQ only with the 'rabbitmq' profile; Redis and the exporter always")
  void profiles() {
    assertThat(texts(services.path("rabbitmq").path("profiles"))).containsExactly("rabbitmq");
    assertThat(services.path("redis").has("profiles")).isFalse();
    assertThat(services.path("exporter-bridge").has("profiles")).isFalse();
  }

  @Test
  @DisplayName("images from the registry only, tags set by variables, no build:")
  void images() {
    for (String name : names(services)) {
      JsonNode s = services.get(name);
      assertThat(s.has("build")).as("%s has build:", name).isFalse();
      assertThat(s.path("image").asText()).as(name).matches(".+:\\$\\{[A-Z_]+(:[-?][^}]*)?}");
    }
    for (String ours : List.of("redis", "exporter-bridge")) {
      assertThat(services.path(ours).path("image").asText())
          .startsWith("${DETEKTR_REGISTRY:-ghcr.io/detektr/detektr}/" + ours + ":")
          .endsWith(":${BROKER_IMAGE_TAG:?set BROKER_IMAGE_TAG to the git SHA to run}");
    }
  }

  @Test
  @DisplayName("every service has a healthcheck, a non-root user and a restart policy")
  void healthAndUsers() {
    for (String name : names(services)) {
      JsonNode s = services.get(name);
      assertThat(s.path("healthcheck").path("test").size()).as(name).isGreaterThan(1);
      assertThat(s.path("user").asText())
          .as(name)
          .isNotBlank()
          .doesNotStartWith("0")
          .isNotEqualTo("root");
      assertThat(s.path("restart").asText()).as(name).isEqualTo("unless-stopped");
    }
    assertThat(services.path("redis").path("healthcheck").toString())
        .contains("redis-cli")
        .contains("REDISCLI_AUTH");
    assertThat(services.path("exporter-bridge").path("healthcheck").toString())
        .contains("redis_up 1");
  }

  @Test
  @DisplayName("named volumes for the data and the external detektor-network")
  void volumesAndNetwork() {
    assertThat(texts(services.path("redis").path("volumes"))).contains("redis-data:/data");
    assertThat(texts(services.path("rabbitmq").path("volumes")))
        .contains("rabbitmq-data:/var/lib/rabbitmq");
    assertThat(names(compose.path("volumes"))).contains("redis-data", "rabbitmq-data");
    JsonNode net = compose.path("networks").path("detektor");
    assertThat(net.path("name").asText()).isEqualTo("detektor-network");
    assertThat(net.path("external").asBoolean()).isTrue();
    for (String name : names(services)) {
      assertThat(texts(services.get(name).path("networks"))).as(name).contains("detektor");
    }
  }

  @Test
  @DisplayName("no secret in the file: credentials are required variables from the .env file")
  void noSecrets() {
    for (String name : names(services)) {
      services
          .get(name)
          .path("environment")
          .fields()
          .forEachRemaining(
              e -> {
                if (e.getKey().matches(".*(PASSWORD|PASS|SECRET|TOKEN|USER).*")) {
                  assertThat(e.getValue().asText())
                      .as("%s.%s", name, e.getKey())
                      .matches("\\$\\{[A-Z_]+:\\?[^}]+}");
                }
              });
    }
  }

  @Test
  @DisplayName("every file the stack mounts exists in the repository (the agent uploads them)")
  void mountedFilesExist() {
    for (String name : names(services)) {
      for (String volume : texts(services.get(name).path("volumes"))) {
        if (volume.startsWith("./")) {
          RepoFiles.file(volume.substring(2, volume.indexOf(':')));
        }
      }
    }
  }

  private static List<String> names(JsonNode object) {
    List<String> out = new ArrayList<>();
    object.fieldNames().forEachRemaining(out::add);
    return out;
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }
}
