package io.detektr.broker;

import io.detektr.broker.spi.BrokerProvider;
import java.util.Set;

/**
 * A second provider registered under src/test/resources/META-INF/services: proves selection by
 * scheme. It hands out an in-memory broker that reports itself as "test".
 */
public class TestProvider implements BrokerProvider {
  @Override
  public Set<String> schemes() {
    return Set.of("test");
  }

  @Override
  public Broker connect(BrokerConfig config) {
    Broker mem = Brokers.connect("mem://test-provider");
    return new Broker() {
      @Override
      public String provider() {
        return "test";
      }

      @Override
      public Publisher publisher(String topic, PublisherOptions options) {
        return mem.publisher(topic, options);
      }

      @Override
      public Subscription subscribe(
          String topic, String group, MessageHandler handler, SubscriptionOptions options) {
        return mem.subscribe(topic, group, handler, options);
      }

      @Override
      public void declareGroup(String topic, String group, GroupStart start) {
        mem.declareGroup(topic, group, start);
      }

      @Override
      public GroupStats groupStats(String topic, String group) {
        return mem.groupStats(topic, group);
      }

      @Override
      public void close() {
        mem.close();
      }
    };
  }
}
