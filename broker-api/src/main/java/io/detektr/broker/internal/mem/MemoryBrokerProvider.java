package io.detektr.broker.internal.mem;

import io.detektr.broker.Broker;
import io.detektr.broker.BrokerConfig;
import io.detektr.broker.spi.BrokerProvider;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * {@code mem://[name]}: brokers of the same name in one JVM share their topics while any of them is
 * open; {@code mem://} is the name "default". Nothing survives the JVM.
 */
public final class MemoryBrokerProvider implements BrokerProvider {
  private static final Map<String, MemoryStore> STORES = new HashMap<>();
  private static final Map<String, Integer> REFERENCES = new HashMap<>();

  @Override
  public Set<String> schemes() {
    return Set.of("mem");
  }

  @Override
  public Broker connect(BrokerConfig config) {
    String name = config.endpoints().isEmpty() ? "default" : config.endpoints().get(0).host();
    synchronized (STORES) {
      MemoryStore store = STORES.computeIfAbsent(name, n -> new MemoryStore(config.metrics()));
      REFERENCES.merge(name, 1, Integer::sum);
      return new MemoryBroker(store, config, () -> release(name));
    }
  }

  private static void release(String name) {
    synchronized (STORES) {
      if (REFERENCES.merge(name, -1, Integer::sum) <= 0) {
        REFERENCES.remove(name);
        STORES.remove(name);
      }
    }
  }
}
