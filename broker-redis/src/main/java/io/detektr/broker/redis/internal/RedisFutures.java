package io.detektr.broker.redis.internal;

import io.detektr.broker.BrokerException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/** Waiting for a Lettuce reply with the operation timeout, errors translated. */
final class RedisFutures {
  private RedisFutures() {}

  /**
   * Closes a connection and waits (briefly) until it is closed, so that the client's shutdown does
   * not close it a second time.
   */
  static void closeQuietly(io.lettuce.core.api.StatefulConnection<?, ?> connection) {
    try {
      connection.closeAsync().get(2, TimeUnit.SECONDS);
    } catch (Exception e) {
      // the client's shutdown closes whatever is left
    }
  }

  static <T> T await(CompletionStage<T> stage, RedisConnector connector) {
    try {
      return stage
          .toCompletableFuture()
          .get(connector.config().operationTimeout().toMillis() + 1_000, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BrokerException("Interrupted while waiting for Redis at " + connector.where(), e);
    } catch (Exception e) {
      throw RedisErrors.translate(e, connector.where());
    }
  }
}
