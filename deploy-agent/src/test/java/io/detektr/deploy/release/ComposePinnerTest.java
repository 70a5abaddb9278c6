package io.detektr.deploy.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.detektr.deploy.DeployException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ComposePinnerTest {
  private static final String COMPOSE = "services:\n  redis:\n    image: r:latest\n    ports: ['127.0.0.1:6379:6379']\n"
      + "  exporter:\n    image: e:latest\nvolumes:\n  data: {}\n";

  @Test
  void pinsOnlyTheNamedServices() {
    String pinned = ComposePinner.pin(COMPOSE, Map.of("redis", "reg/r@sha256:ab"));
    assertThat(pinned).contains("image: reg/r@sha256:ab").contains("image: e:latest").contains("127.0.0.1:6379:6379");
    assertThat(ComposePinner.services(pinned)).containsExactly("redis", "exporter");
  }

  @Test
  void unknownServiceIsAnError() {
    assertThatThrownBy(() -> ComposePinner.pin(COMPOSE, Map.of("nope", "x@sha256:1")))
        .isInstanceOf(DeployException.class).hasMessageContaining("no service 'nope'");
  }
}
