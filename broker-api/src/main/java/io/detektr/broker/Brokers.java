package io.detektr.broker;

import io.detektr.broker.internal.InstrumentedBroker;
import io.detektr.broker.internal.ProviderRegistry;
import java.util.Map;
import java.util.Set;

/**
 * Entry point: connects to the broker a URI names, with the provider found on the class path.
 *
 * <pre>{@code
 * try (Broker broker = Brokers.fromEnvironment()) {          // BROKER_URL, default mem://
 *   Publisher frames = broker.publisher("frames");
 *   frames.publish(Message.of(jpeg).header(Headers.CAMERA_ID, "cam-1"));
 * }
 * }</pre>
 */
public final class Brokers {
  /** The environment variable naming the broker URI. */
  public static final String BROKER_URL = "BROKER_URL";

  /** Optional: the username, when the URI has none (keeps credentials out of URLs). */
  public static final String BROKER_USERNAME = "BROKER_USERNAME";

  /** Optional: the password, when the URI has none (keeps credentials out of URLs). */
  public static final String BROKER_PASSWORD = "BROKER_PASSWORD";

  /** What runs when nothing is configured: the embedded in-memory broker. */
  public static final String DEFAULT_URL = "mem://";

  private Brokers() {}

  /** Connects to {@code uri} with default options. */
  public static Broker connect(String uri) {
    return connect(BrokerConfig.parse(uri));
  }

  /** Connects with {@code config}. */
  public static Broker connect(BrokerConfig config) {
    return new InstrumentedBroker(ProviderRegistry.find(config.scheme()).connect(config), config);
  }

  /** Connects to {@code BROKER_URL} (default {@code mem://}). */
  public static Broker fromEnvironment() {
    return connect(configFromEnvironment(System.getenv()));
  }

  /**
   * The config the environment {@code env} describes: {@code BROKER_URL} (default {@code mem://}),
   * with {@code BROKER_USERNAME} / {@code BROKER_PASSWORD} filling what the URI leaves out.
   */
  public static BrokerConfig configFromEnvironment(Map<String, String> env) {
    String url = env.getOrDefault(BROKER_URL, "");
    BrokerConfig.Builder b = BrokerConfig.builder(url.isBlank() ? DEFAULT_URL : url);
    BrokerConfig partial = b.build();
    if (partial.username().isEmpty() && env.containsKey(BROKER_USERNAME)) {
      b.username(env.get(BROKER_USERNAME));
    }
    if (partial.password().isEmpty() && env.containsKey(BROKER_PASSWORD)) {
      b.password(env.get(BROKER_PASSWORD));
    }
    return b.build();
  }

  /** The schemes of every provider on the class path. */
  public static Set<String> availableSchemes() {
    return ProviderRegistry.schemes();
  }
}
