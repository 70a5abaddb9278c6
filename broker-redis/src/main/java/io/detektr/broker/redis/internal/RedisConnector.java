package io.detektr.broker.redis.internal;

import io.detektr.broker.BrokerConfig;
import io.detektr.broker.BrokerException;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.MaintNotificationsConfig;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.metrics.CommandLatencyRecorder;
import io.lettuce.core.protocol.RedisCommand;
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
  private final ChannelTracker channels = new ChannelTracker();
  private final RedisClient client;
  private final String where;
  private final int pack;
  private final String payloadField;

  RedisConnector(BrokerConfig config) {
    this.config = config;
    this.where = RedisUris.hosts(config);
    RedisURI uri = RedisUris.toRedisUri(config); // validates every option, pack included
    this.pack = RedisUris.pack(config);
    this.payloadField = RedisUris.payloadField(config);
    // No command latency metrics: the broker has its own, and Lettuce's cost a map lookup and a
    // histogram update per command on the I/O thread.
    this.resources =
        DefaultClientResources.builder()
            .reconnectDelay(RECONNECT_DELAY)
            .commandLatencyRecorder(CommandLatencyRecorder.disabled())
            .nettyCustomizer(channels) // so that a Pipeline writes on its channel's loop only
            .build();
    this.client = RedisClient.create(resources, uri);
    client.setOptions(
        ClientOptions.builder()
            .autoReconnect(true)
            // A plain ArrayDeque of commands awaiting replies: the hash-indexed default makes
            // removing a cancelled command O(1) at the cost of a HashMap insert and remove per
            // command, a fifth of the I/O thread's time when publishing; nothing here cancels.
            .useHashIndexQueue(false)
            // Redis Enterprise maintenance events: not used, and they wrap every write
            .maintNotificationsConfig(MaintNotificationsConfig.disabled())
            .socketOptions(
                SocketOptions.builder()
                    .connectTimeout(config.connectTimeout())
                    .keepAlive(true)
                    .build())
            // Async commands fail after the operation timeout instead of waiting forever; a
            // publisher's XADDs are timed out by its Pipeline's sweep instead of a timer entry
            // each.
            .timeoutOptions(
                TimeoutOptions.builder()
                    .timeoutSource(new OperationTimeout(config.operationTimeout().toNanos()))
                    .build())
            .build());
  }

  /** The operation timeout for every command but {@link XaddCommand} (0 = Lettuce sets none). */
  private static final class OperationTimeout extends TimeoutOptions.TimeoutSource {
    private final long nanos;

    OperationTimeout(long nanos) {
      this.nanos = nanos;
    }

    @Override
    public long getTimeout(RedisCommand<?, ?, ?> command) {
      return command instanceof XaddCommand ? 0 : nanos;
    }

    @Override
    public TimeUnit getTimeUnit() {
      return TimeUnit.NANOSECONDS;
    }
  }

  /** A new connection; fails promptly with the matching {@link BrokerException}. */
  StatefulRedisConnection<byte[], byte[]> connect() {
    try {
      return client.connect(ByteArrayCodec.INSTANCE);
    } catch (RuntimeException e) {
      BrokerException translated = RedisErrors.translate(e, where);
      String password = config.password().orElse(null);
      if (password != null
          && !password.isEmpty()
          && String.valueOf(translated.getMessage()).contains(password)) {
        // never let a server or driver message carry the password out (nor its cause chain)
        throw new BrokerException(
            "Cannot connect to Redis at " + where + "; check BROKER_URL and the credentials");
      }
      throw translated;
    }
  }

  /** Lettuce's computation threads, for small periodic tasks: no thread of our own. */
  java.util.concurrent.ScheduledExecutorService timer() {
    return resources.eventExecutorGroup();
  }

  /** The live channel of each of this client's connections. */
  ChannelTracker channels() {
    return channels;
  }

  /** host:port of the configured server(s), for messages. */
  String where() {
    return where;
  }

  /** Messages per stream entry for unbounded publishers, the {@code pack=N} option (1: off). */
  int pack() {
    return pack;
  }

  /** The field of foreign producers' entries that holds the payload, {@code payloadField=}. */
  String payloadField() {
    return payloadField;
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
