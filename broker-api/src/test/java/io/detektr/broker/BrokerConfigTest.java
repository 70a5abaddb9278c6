package io.detektr.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BrokerConfigTest {
  @Test
  void parsesCredentialsHostsPathAndParameters() {
    BrokerConfig c =
        BrokerConfig.parse(
            "amqp://app:s%40cret@rabbit1:5672,rabbit2,[::1]:5673/frames?queueType=quorum&x=1");
    assertThat(c.scheme()).isEqualTo("amqp");
    assertThat(c.username()).contains("app");
    assertThat(c.password()).contains("s@cret");
    assertThat(c.endpoints())
        .containsExactly(
            new Endpoint("rabbit1", 5672), new Endpoint("rabbit2", -1), new Endpoint("::1", 5673));
    assertThat(c.path()).isEqualTo("frames");
    assertThat(c.parameters()).containsEntry("queueType", "quorum").containsEntry("x", "1");
  }

  @Test
  void passwordOnlyUserInfoAndDefaults() {
    BrokerConfig c = BrokerConfig.parse("redis://:pw@localhost:6379/0");
    assertThat(c.username()).isEmpty();
    assertThat(c.password()).contains("pw");
    assertThat(c.connectTimeout()).isEqualTo(BrokerConfig.DEFAULT_CONNECT_TIMEOUT);
    assertThat(c.maxMessageBytes()).isEqualTo(BrokerConfig.DEFAULT_MAX_MESSAGE_BYTES);
    assertThat(BrokerConfig.parse("mem://").endpoints()).isEmpty();
  }

  @Test
  void neverPrintsThePassword() {
    BrokerConfig c = BrokerConfig.parse("redis://user:hunter2@localhost:6379");
    assertThat(c.toString()).doesNotContain("hunter2").contains("user:****@localhost:6379");
    assertThat(c.redactedUri()).isEqualTo("redis://user:****@localhost:6379");
  }

  @Test
  void reportsEveryProblemAtOnce() {
    BrokerConfigException e =
        catchThrowableOfType(
            BrokerConfigException.class,
            () ->
                BrokerConfig.builder("redis://host:99999,:x")
                    .connectTimeout(Duration.ZERO)
                    .maxMessageBytes(0)
                    .build());
    assertThat(e.problems()).hasSize(4);
    assertThat(e.getMessage())
        .contains("99999")
        .contains("connectTimeout")
        .contains("maxMessageBytes")
        .contains("port 'x'");
  }

  @Test
  void rejectsTextWithoutScheme() {
    BrokerConfigException e =
        catchThrowableOfType(
            BrokerConfigException.class, () -> BrokerConfig.parse("localhost:6379"));
    assertThat(e.getMessage()).contains("not a broker URI").contains("redis://");
  }

  @Test
  void mutateKeepsValuesAndChangesOnlyWhatIsSet() {
    BrokerConfig c = BrokerConfig.parse("redis://localhost?a=b");
    BrokerConfig d = c.mutate().operationTimeout(Duration.ofSeconds(1)).build();
    assertThat(d.operationTimeout()).isEqualTo(Duration.ofSeconds(1));
    assertThat(d.parameters()).isEqualTo(Map.of("a", "b"));
    assertThat(c.operationTimeout()).isEqualTo(BrokerConfig.DEFAULT_OPERATION_TIMEOUT);
  }
}
