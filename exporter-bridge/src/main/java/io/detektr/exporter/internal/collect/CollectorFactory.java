package io.detektr.exporter.internal.collect;

import io.detektr.broker.BrokerConfig;
import io.detektr.broker.BrokerConfigException;
import io.detektr.broker.Endpoint;
import io.lettuce.core.RedisURI;
import java.net.URI;
import java.time.Duration;
import java.util.List;

/** Turns a broker URI into the collector of its server's statistics. */
public final class CollectorFactory {
  static final int MANAGEMENT_PORT = 15672;
  static final int MANAGEMENT_TLS_PORT = 15671;

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

  public static ScrapeCollector create(
      String rawUri, BrokerConfig config, List<String> streams, Duration timeout) {
    return family(config).equals("redis")
        ? redis(rawUri, config, streams, timeout)
        : rabbit(config, timeout);
  }

  private static ScrapeCollector redis(
      String rawUri, BrokerConfig config, List<String> streams, Duration timeout) {
    RedisURI uri;
    try {
      uri = RedisURI.create(rawUri);
    } catch (RuntimeException e) {
      throw new BrokerConfigException(
          "cannot read Redis URI " + config.redactedUri() + ": " + e.getMessage());
    }
    // Lettuce always has a credentials provider, so ask the URI itself whether it carried a
    // password; BROKER_USERNAME/BROKER_PASSWORD fill in only what it left out.
    boolean uriHasPassword = BrokerConfig.builder(rawUri).build().password().isPresent();
    if (!uriHasPassword && config.password().isPresent()) {
      RedisURI.Builder b = RedisURI.builder(uri);
      uri =
          config.username().isPresent()
              ? b.withAuthentication(config.username().get(), config.password().get()).build()
              : b.withPassword(config.password().get()).build();
    }
    uri.setTimeout(timeout);
    return new RedisCollector(uri, config.redactedUri(), streams, timeout);
  }

  /**
   * The management API is found at {@code http(s)://<first host>:15672} (15671 for amqps); override
   * with the URI parameter {@code management-url} or {@code management-port}.
   */
  private static ScrapeCollector rabbit(BrokerConfig config, Duration timeout) {
    boolean tls = config.scheme().equals("amqps");
    URI management;
    if (config.parameter("management-url").isPresent()) {
      management = URI.create(config.parameter("management-url").get());
    } else {
      Endpoint first =
          config.endpoints().isEmpty() ? new Endpoint("localhost", -1) : config.endpoints().get(0);
      int port =
          config
              .parameter("management-port")
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
