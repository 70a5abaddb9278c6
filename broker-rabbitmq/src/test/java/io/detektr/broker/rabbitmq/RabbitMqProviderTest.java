package io.detektr.broker.rabbitmq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.detektr.broker.BrokerConfig;
import io.detektr.broker.BrokerConfigException;
import io.detektr.broker.BrokerUnavailableException;
import io.detektr.broker.Brokers;
import io.detektr.broker.spi.BrokerProvider;
import java.time.Duration;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The services file loads and serves amqp and amqps; nothing needs to run. */
class RabbitMqProviderTest {
  @Test
  void servicesFileRegistersTheProviderForAmqpAndAmqps() {
    List<BrokerProvider> rabbit =
        ServiceLoader.load(BrokerProvider.class).stream()
            .map(ServiceLoader.Provider::get)
            .filter(p -> p instanceof RabbitMqProvider)
            .toList();
    assertThat(rabbit).hasSize(1);
    assertThat(rabbit.get(0).schemes()).containsExactlyInAnyOrder("amqp", "amqps");
  }

  /** Port 1 refuses at once: reaching the connect attempt proves this provider was chosen. */
  @ParameterizedTest
  @ValueSource(strings = {"amqp", "amqps"})
  void brokersPicksThisProviderByScheme(String scheme) {
    BrokerConfig config =
        BrokerConfig.builder(scheme + "://127.0.0.1:1")
            .connectTimeout(Duration.ofSeconds(2))
            .build();
    assertThatThrownBy(() -> Brokers.connect(config))
        .isInstanceOf(BrokerUnavailableException.class)
        .hasMessageContaining("RabbitMQ at 127.0.0.1:1");
  }

  @Test
  void everyHostOfTheListIsNamedWhenNoneAnswers() {
    assertThatThrownBy(() -> Brokers.connect("amqp://u:secret@127.0.0.1:1,127.0.0.1:2/v"))
        .isInstanceOf(BrokerUnavailableException.class)
        .hasMessageContaining("127.0.0.1:1, 127.0.0.1:2")
        .hasMessageNotContaining("secret");
  }

  @Test
  void badParametersFailBeforeConnecting() {
    assertThatThrownBy(() -> Brokers.connect("amqp://127.0.0.1:1?queueType=stream&maxLenght=5"))
        .isInstanceOf(BrokerConfigException.class)
        .hasMessageContaining("queueType must be classic or quorum")
        .hasMessageContaining("unknown amqp URI parameter 'maxLenght'");
  }
}
