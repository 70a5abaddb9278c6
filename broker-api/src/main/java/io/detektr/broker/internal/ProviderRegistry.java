package io.detektr.broker.internal;

import io.detektr.broker.BrokerConfigException;
import io.detektr.broker.spi.BrokerProvider;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** Finds providers with {@link ServiceLoader}, on every call (class paths can change in tests). */
public final class ProviderRegistry {
  private static final Map<String, String> MODULE_HINTS =
      Map.of(
          "redis",
          "broker-redis",
          "rediss",
          "broker-redis",
          "redis-sentinel",
          "broker-redis",
          "amqp",
          "broker-rabbitmq",
          "amqps",
          "broker-rabbitmq");

  private ProviderRegistry() {}

  public static BrokerProvider find(String scheme) {
    Map<String, BrokerProvider> byScheme = providers();
    BrokerProvider provider = byScheme.get(scheme);
    if (provider == null) {
      String hint =
          MODULE_HINTS.containsKey(scheme)
              ? " Add " + MODULE_HINTS.get(scheme) + " to the class path."
              : " Set BROKER_URL to a URI with one of those schemes, e.g. redis://localhost:6379.";
      throw new BrokerConfigException(
          "No broker provider for scheme '"
              + scheme
              + "'; found: "
              + new TreeSet<>(byScheme.keySet())
              + "."
              + hint);
    }
    return provider;
  }

  public static Set<String> schemes() {
    return new TreeSet<>(providers().keySet());
  }

  private static Map<String, BrokerProvider> providers() {
    Map<String, BrokerProvider> byScheme = new TreeMap<>();
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    for (BrokerProvider p :
        ServiceLoader.load(
            BrokerProvider.class,
            loader != null ? loader : ProviderRegistry.class.getClassLoader())) {
      for (String s : p.schemes()) {
        byScheme.putIfAbsent(s, p);
      }
    }
    return byScheme;
  }
}
