package io.detektr.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class BrokersTest {
  @Test
  void unknownSchemeListsTheSchemesFoundAndTheModuleToAdd() {
    assertThatThrownBy(() -> Brokers.connect("amqp://localhost"))
        .isInstanceOf(BrokerConfigException.class)
        .hasMessage(
            "No broker provider for scheme 'amqp'; found: [mem, test]."
                + " Add broker-rabbitmq to the class path.");
    assertThatThrownBy(() -> Brokers.connect("kafka://localhost"))
        .hasMessageContaining("found: [mem, test]")
        .hasMessageContaining("Set BROKER_URL");
  }

  @Test
  void picksTheProviderRegisteredForTheScheme() {
    try (Broker b = Brokers.connect("test://somewhere")) {
      assertThat(b.provider()).isEqualTo("test");
    }
    assertThat(Brokers.availableSchemes()).containsExactly("mem", "test");
  }

  @Test
  void environmentDefaultsToMemoryAndFillsCredentials() {
    assertThat(Brokers.configFromEnvironment(Map.of()).scheme()).isEqualTo("mem");
    BrokerConfig c =
        Brokers.configFromEnvironment(
            Map.of(
                "BROKER_URL",
                "redis://cache:6379",
                "BROKER_USERNAME",
                "app",
                "BROKER_PASSWORD",
                "pw"));
    assertThat(c.username()).contains("app");
    assertThat(c.password()).contains("pw");
    BrokerConfig fromUri =
        Brokers.configFromEnvironment(
            Map.of("BROKER_URL", "redis://u:inuri@cache", "BROKER_PASSWORD", "env"));
    assertThat(fromUri.password()).contains("inuri");
  }

  @Test
  void fromEnvironmentConnectsToTheInMemoryDefault() {
    try (Broker b = Brokers.fromEnvironment()) {
      assertThat(b.provider()).isIn("mem", "test");
    }
  }

  @Test
  void invalidNamesAreRefusedWithTheRule() {
    try (Broker b = Brokers.connect("mem://names")) {
      assertThatThrownBy(() -> b.publisher("bad topic"))
          .isInstanceOf(BrokerConfigException.class)
          .hasMessageContaining("letters, digits");
      assertThatThrownBy(() -> b.declareGroup("frames", ""))
          .isInstanceOf(BrokerConfigException.class)
          .hasMessageContaining("group name");
    }
  }
}
