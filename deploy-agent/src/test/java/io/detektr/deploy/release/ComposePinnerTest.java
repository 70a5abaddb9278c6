package io.detektr.deploy.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.detektr.deploy.DeployException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ComposePinnerTest {
  private static final String COMPOSE =
      "services:\n  redis:\n    image: r:latest\n    ports: ['127.0.0.1:6379:6379']\n"
          + "  exporter:\n    image: e:latest\nvolumes:\n  data: {}\n";

  @Test
  void pinsOnlyTheNamedServices() {
    String pinned = ComposePinner.pin(COMPOSE, Map.of("redis", "reg/r@sha256:ab"));
    assertThat(pinned)
        .contains("image: reg/r@sha256:ab")
        .contains("image: e:latest")
        .contains("127.0.0.1:6379:6379");
    assertThat(ComposePinner.services(pinned)).containsExactly("redis", "exporter");
  }

  @Test
  void theProductionComposeFileCanBePinned() throws java.io.IOException {
    String prod =
        java.nio.file.Files.readString(java.nio.file.Path.of("../docker-compose.broker.yml"));
    String pinned =
        ComposePinner.pin(
            prod,
            Map.of(
                "redis",
                "ghcr.io/o/detektr/redis@sha256:aa",
                "exporter-bridge",
                "ghcr.io/o/detektr/exporter-bridge@sha256:bb"));
    assertThat(ComposePinner.services(pinned)).contains("redis", "exporter-bridge");
    assertThat(pinned)
        .contains("image: ghcr.io/o/detektr/redis@sha256:aa")
        .contains("image: ghcr.io/o/detektr/exporter-bridge@sha256:bb")
        .contains("$$REDIS_PASSWORD");
  }

  @Test
  void unknownServiceIsAnError() {
    assertThatThrownBy(() -> ComposePinner.pin(COMPOSE, Map.of("nope", "x@sha256:1")))
        .isInstanceOf(DeployException.class)
        .hasMessageContaining("no service 'nope'");
  }

  @Test
  void producersLoseTheirDependenciesOnlyInTheNoDepsFile() {
    String yaml =
        "services:\n  redis: {image: r}\n  exporter: {image: e, depends_on: [redis]}\n"
            + "  producer: {image: p, depends_on: [redis]}\n";
    String out = ComposePinner.withoutDependencies(yaml, java.util.List.of("producer"));
    assertThat(out)
        .contains("exporter:\n    image: e\n    depends_on:\n    - redis")
        .contains("producer:\n    image: p\n")
        .doesNotContain("producer:\n    image: p\n    depends_on");
  }
}
