package io.detektr.broker.redis.internal;

import io.detektr.broker.BrokerException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/** Waiting for a Lettuce reply with the operation timeout, errors translated. */
final class RedisFutures {
  private RedisFutures() {}

  static <T> T await(CompletionStage<T> stage, RedisConnector connector) {
    try {
      return stage.toCompletableFuture().get(
          connector.config().operationTimeout().toMillis() + 1_000, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BrokerException("Interrupted while waiting for Redis at " + connector.where(), e);
    } catch (Exception e) {
      throw RedisErrors.translate(e, connector.where());
    }
  }
}
