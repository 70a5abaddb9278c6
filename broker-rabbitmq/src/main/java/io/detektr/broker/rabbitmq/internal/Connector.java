package io.detektr.broker.rabbitmq.internal;

import com.rabbitmq.client.Address;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import io.detektr.broker.BrokerConfig;
import io.detektr.broker.BrokerConfigException;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;

/** Builds the driver's connection factory from a {@link BrokerConfig} and connects eagerly. */
final class Connector {
  static final int AMQP_PORT = 5672;
  static final int AMQPS_PORT = 5671;

  private final BrokerConfig config;
  private final ConnectionFactory factory;
  private final List<Address> addresses;

  Connector(BrokerConfig config, RabbitSettings settings) {
    this.config = config;
    boolean tls = config.scheme().equals("amqps");
    if (config.endpoints().isEmpty()) {
      throw new BrokerConfigException(
          "the amqp URI names no host; use e.g."
              + " amqp://user:pass@rabbit1:5672,rabbit2:5672/vhost");
    }
    this.addresses =
        config.endpoints().stream()
            .map(e -> new Address(e.host(), e.portOr(tls ? AMQPS_PORT : AMQP_PORT)))
            .toList();
    ConnectionFactory f = new ConnectionFactory();
    f.setUsername(config.username().orElse("guest"));
    f.setPassword(config.password().orElse("guest"));
    f.setVirtualHost(virtualHost(config));
    int connectMillis = (int) Math.min(Integer.MAX_VALUE, config.connectTimeout().toMillis());
    f.setConnectionTimeout(connectMillis);
    f.setHandshakeTimeout(connectMillis);
    f.setShutdownTimeout(connectMillis);
    f.setChannelRpcTimeout((int) Math.min(Integer.MAX_VALUE, config.operationTimeout().toMillis()));
    f.setRequestedHeartbeat((int) settings.heartbeat().toSeconds());
    f.setAutomaticRecoveryEnabled(true);
    f.setTopologyRecoveryEnabled(true);
    f.setNetworkRecoveryInterval(settings.recoveryInterval().toMillis());
    f.setThreadFactory(daemonThreads("rabbitmq-" + config.clientName()));
    if (tls) {
      try {
        f.useSslProtocol(SSLContext.getDefault()); // the JVM's trust store, not "trust all"
        f.enableHostnameVerification();
      } catch (NoSuchAlgorithmException e) {
        throw new BrokerConfigException("amqps:// needs TLS, which this JVM cannot provide: " + e);
      }
    }
    this.factory = f;
  }

  /** Opens one connection named {@code purpose}, or throws a translated exception. */
  Connection open(String purpose) {
    try {
      return factory.newConnection(addresses, config.clientName() + "-" + purpose);
    } catch (Exception e) {
      throw Errors.connectFailed(config, hosts(), e);
    }
  }

  /** {@code host:port, host:port} as tried, for messages. */
  String hosts() {
    return String.join(", ", addresses.stream().map(a -> a.getHost() + ":" + a.getPort()).toList());
  }

  static String virtualHost(BrokerConfig config) {
    return config.path().isEmpty() ? "/" : config.path();
  }

  private static ThreadFactory daemonThreads(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
