package io.detektr.broker.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.detektr.broker.BrokerAuthenticationException;
import io.detektr.broker.BrokerConfig;
import io.detektr.broker.BrokerUnavailableException;
import io.detektr.broker.Brokers;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The contract plus what only a broker across a network can get wrong: being unreachable and
 * refusing credentials. Redis and RabbitMQ run this one; the in-memory broker the base suite.
 */
public abstract class RemoteBrokerContractSuite extends BrokerContractSuite {
  /** A URI of the provider's scheme where nothing listens. */
  protected abstract String unreachableUri();

  /** A URI of the reachable broker with a wrong password. */
  protected abstract String wrongPasswordUri();

  @Nested
  @DisplayName("remote connections")
  class RemoteConnections {
    @Test
    @DisplayName("an unreachable broker fails promptly with BrokerUnavailableException")
    void unreachableBroker() {
      BrokerConfig config =
          BrokerConfig.builder(unreachableUri()).connectTimeout(Duration.ofSeconds(2)).build();
      long start = System.nanoTime();
      assertThatThrownBy(() -> Brokers.connect(config).close())
          .isInstanceOf(BrokerUnavailableException.class)
          .hasMessageContaining(config.endpoints().get(0).host());
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
    }

    @Test
    @DisplayName("a wrong password fails with BrokerAuthenticationException, password not shown")
    void wrongPassword() {
      BrokerConfig config =
          BrokerConfig.builder(wrongPasswordUri()).connectTimeout(Duration.ofSeconds(5)).build();
      Throwable error = catchThrowable(() -> Brokers.connect(config).close());
      assertThat(error).isInstanceOf(BrokerAuthenticationException.class);
      assertThat(error.getMessage()).doesNotContain(config.password().orElseThrow());
    }
  }
}
