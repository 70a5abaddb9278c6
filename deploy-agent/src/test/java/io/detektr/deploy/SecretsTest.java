package io.detektr.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Masking is by whole value and for output only. */
class SecretsTest {
  final Secrets secrets =
      new Secrets(
          Map.of("RABBITMQ_USER", "detektr", "REDIS_PASSWORD", "pw-42-secret", "USER", "e2e")::get);

  @Test
  void masksWholeValuesWhereverTheyStandAlone() {
    secrets.get("RABBITMQ_USER");
    secrets.get("REDIS_PASSWORD");
    assertThat(secrets.mask("redis://:pw-42-secret@host user=detektr 'detektr'"))
        .isEqualTo("redis://:****@host user=**** '****'");
    assertThat(secrets.mask("pw-42-secret")).isEqualTo("****");
  }

  @Test
  void leavesLongerWordsThatContainASecretAlone() {
    secrets.get("RABBITMQ_USER");
    assertThat(secrets.mask("project detektr-broker, detektrs, xdetektr"))
        .isEqualTo("project detektr-broker, detektrs, xdetektr");
    assertThat(secrets.mask("a detektr-broker and detektr")).isEqualTo("a detektr-broker and ****");
  }

  @Test
  void plainValuesAreNeverMasked() {
    assertThat(secrets.plain("USER")).contains("e2e");
    assertThat(secrets.mask("127.0.0.1:5000/e2e/redis")).isEqualTo("127.0.0.1:5000/e2e/redis");
    assertThat(secrets.plain("NOT_SET")).isEmpty();
  }
}
