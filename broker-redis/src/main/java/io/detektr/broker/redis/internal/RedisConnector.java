package io.detektr.broker.redis.internal;

import io.detektr.broker.BrokerConfig;
import io.detektr.broker.BrokerException;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Owns the Lettuce client and its threads (ClientResources) for one broker, and opens its
 * connections: byte[] codec everywhere so payloads are binary-safe; auto-reconnect with a short
 * backoff cap so publishers and blocked readers resume within about a second of the server (or a
 * promoted replica) coming back.
 */
final class RedisConnector implements AutoCloseable {
  private static final Delay RECONNECT_DELAY =
      Delay.exponential(Duration.ofMillis(10), Duration.ofSeconds(1), 2, TimeUnit.MILLISECONDS);

  private final BrokerConfig config;
  private final ClientResources resources;
  private final RedisClient client;
  private final String where;

  RedisConnector(BrokerConfig config) {
    this.config = config;
    this.where = RedisUris.hosts(config);
    RedisURI uri = RedisUris.toRedisUri(config);
    this.resources = DefaultClientResources.builder().reconnectDelay(RECONNECT_DELAY).build();
    this.client = RedisClient.create(resources, uri);
    client.setOptions(ClientOptions.builder()
        .autoReconnect(true)
        .socketOptions(SocketOptions.builder().connectTimeout(config.connectTimeout())
            .keepAlive(true).build())
        // Async commands fail after the operation timeout instead of waiting forever.
        .timeoutOptions(TimeoutOptions.enabled(config.operationTimeout()))
        .build());
  }

  /** A new connection; fails promptly with the matching {@link BrokerException}. */
  StatefulRedisConnection<byte[], byte[]> connect() {
    try {
      return client.connect(ByteArrayCodec.INSTANCE);
    } catch (RuntimeException e) {
      BrokerException translated = RedisErrors.translate(e, where);
      String password = config.password().orElse(null);
      if (password != null && !password.isEmpty()
          && String.valueOf(translated.getMessage()).contains(password)) {
        // never let a server or driver message carry the password out (nor its cause chain)
        throw new BrokerException("Cannot connect to Redis at " + where
            + "; check BROKER_URL and the credentials");
      }
      throw translated;
    }
  }

  /** Lettuce's computation threads, for small periodic tasks: no thread of our own. */
  java.util.concurrent.ScheduledExecutorService timer() {
    return resources.eventExecutorGroup();
  }

  /** host:port of the configured server(s), for messages. */
  String where() {
    return where;
  }

  BrokerConfig config() {
    return config;
  }

  @Override
  public void close() {
    long millis = Math.min(5_000, config.operationTimeout().toMillis());
    try {
      client.shutdown(0, millis, TimeUnit.MILLISECONDS);
    } finally {
      resources.shutdown(0, millis, TimeUnit.MILLISECONDS).awaitUninterruptibly(millis);
    }
  }
}
