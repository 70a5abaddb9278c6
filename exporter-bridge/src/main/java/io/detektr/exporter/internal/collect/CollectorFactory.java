package io.detektr.exporter.internal.collect;

import io.detektr.broker.BrokerConfig;
import io.detektr.broker.BrokerConfigException;
import io.detektr.broker.Endpoint;
import io.detektr.broker.redis.internal.RedisUris;
import io.lettuce.core.RedisURI;
import java.net.URI;
import java.time.Duration;
import java.util.List;

/** Turns a broker URI into the collector of its server's statistics. */
public final class CollectorFactory {
  static final int MANAGEMENT_PORT = 15672;
  static final int MANAGEMENT_TLS_PORT = 15671;

  /** URI parameters of amqp:// brokers that say where the management API is. */
  public static final String MANAGEMENT_PORT_PARAMETER = "management-port";

  public static final String MANAGEMENT_URL_PARAMETER = "management-url";

  private CollectorFactory() {}

  /** The family a scheme belongs to ({@code redis} or {@code rabbitmq}); throws when none. */
  public static String family(BrokerConfig config) {
    switch (config.scheme()) {
      case "redis", "rediss", "redis-sentinel":
        return "redis";
      case "amqp", "amqps":
        return "rabbitmq";
      case "mem":
        throw new BrokerConfigException(
            "mem:// lives inside one JVM, an exporter process cannot"
                + " watch it; embed BrokerMetricsBridge and MetricsServer in the service instead");
      default:
        throw new BrokerConfigException(
            "no server statistics for scheme '"
                + config.scheme()
                + "'; the exporter watches redis://, rediss://, redis-sentinel://, amqp:// and"
                + " amqps:// brokers");
    }
  }

  /** Reads {@code config} as {@link #create} will, and throws what is wrong with it. */
  public static void check(BrokerConfig config) {
    if (family(config).equals("redis")) {
      RedisUris.toRedisUri(config);
    } else if (config.parameter(MANAGEMENT_PORT_PARAMETER).isPresent()) {
      String port = config.parameter(MANAGEMENT_PORT_PARAMETER).get();
      if (!port.matches("\\d{1,5}")) {
        throw new BrokerConfigException(
            MANAGEMENT_PORT_PARAMETER + " must be a port number, e.g. 15672; was '" + port + "'");
      }
    }
  }

  /**
   * {@code startWait}: how long the first read may take (see ScrapeCollector#start); the driver's
   * own timeouts are longer than it and than a scrape, so that the exporter's deadline decides.
   */
  public static ScrapeCollector create(
      BrokerConfig config, List<String> streams, Duration timeout, Duration startWait) {
    return family(config).equals("redis")
        ? redis(config, streams, timeout, startWait)
        : rabbit(config, timeout);
  }

  /** The provider's own grammar (RedisUris): credentials from the environment included. */
  private static ScrapeCollector redis(
      BrokerConfig config, List<String> streams, Duration timeout, Duration startWait) {
    RedisURI uri = RedisUris.toRedisUri(config);
    // Lettuce's own timeouts (connection set-up, commands) only clean up after the exporter's
    // deadlines (start-up read, scrape), which decide and say "no answer within ..."; a connection
    // attempt that hangs is waited for by the next scrapes rather than started again
    uri.setTimeout(startWait.plus(timeout.multipliedBy(2)));
    return new RedisCollector(uri, config.redactedUri(), streams, timeout);
  }

  /**
   * The management API is found at {@code http(s)://<first host>:15672} (15671 for amqps); override
   * with the URI parameter {@code management-url} or {@code management-port}.
   */
  private static ScrapeCollector rabbit(BrokerConfig config, Duration timeout) {
    boolean tls = config.scheme().equals("amqps");
    URI management;
    if (config.parameter(MANAGEMENT_URL_PARAMETER).isPresent()) {
      management = URI.create(config.parameter(MANAGEMENT_URL_PARAMETER).get());
    } else {
      Endpoint first =
          config.endpoints().isEmpty() ? new Endpoint("localhost", -1) : config.endpoints().get(0);
      int port =
          config
              .parameter(MANAGEMENT_PORT_PARAMETER)
              .map(Integer::parseInt)
              .orElse(tls ? MANAGEMENT_TLS_PORT : MANAGEMENT_PORT);
      String host = first.host().contains(":") ? "[" + first.host() + "]" : first.host();
      management = URI.create((tls ? "https://" : "http://") + host + ":" + port);
    }
    String vhost = config.path().isEmpty() ? "/" : config.path();
    return new RabbitCollector(
        management,
        vhost,
        config.username().orElse("guest"),
        config.password().orElse("guest"),
        config.redactedUri(),
        timeout);
  }
}
