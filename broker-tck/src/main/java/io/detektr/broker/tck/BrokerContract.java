package io.detektr.broker.tck;

import static org.assertj.core.api.Assertions.assertThat;

import io.detektr.broker.Broker;
import io.detektr.broker.BrokerConfig;
import io.detektr.broker.Brokers;
import io.detektr.broker.Message;
import io.detektr.broker.MessageId;
import io.detektr.broker.Publisher;
import io.detektr.broker.PublisherOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInfo;

/**
 * The broker contract, written once. A provider module runs it with a short subclass that says how
 * to reach its broker:
 *
 * <pre>{@code
 * @ExtendWith(TestServers.class)
 * class RedisContractIT extends BrokerContractSuite {
 *   protected String brokerUri() { return TestServers.redisUri(); }
 *   ...
 * }
 * }</pre>
 *
 * <p>Every test uses topics of its own, so one shared server serves the whole suite. This class
 * holds the fixtures; {@link BrokerContractSuite} holds the tests, grouped.
 */
public abstract class BrokerContract {
  protected static final Duration WAIT = Duration.ofSeconds(30);

  protected RecordingMetrics metrics;
  protected Broker broker;
  protected String topic;
  private final List<Broker> extra = new ArrayList<>();

  /** A URI of the provider's broker, reachable, with valid credentials. */
  protected abstract String brokerUri();

  /**
   * The options of the suite's publishers where a test does not set its own: a provider variant
   * overrides it to run the contract through another publish path (a bounded Redis publisher).
   */
  protected PublisherOptions publisherOptions() {
    return PublisherOptions.defaults();
  }

  /** Threads a provider's driver may leave behind after close by design (JVM-wide pools). */
  protected Set<String> allowedLingeringThreadPrefixes() {
    return Set.of();
  }

  @BeforeEach
  void connectBroker(TestInfo info) {
    metrics = new RecordingMetrics();
    broker = connect(config().build());
    String method = info.getTestMethod().map(m -> m.getName()).orElse("t");
    topic = "tck." + method + "." + UUID.randomUUID().toString().substring(0, 8);
  }

  @AfterEach
  void closeBrokers() {
    extra.forEach(Broker::close);
    extra.clear();
    if (broker != null) {
      broker.close();
    }
  }

  /** A config builder for {@link #brokerUri()} recording into {@link #metrics}. */
  protected BrokerConfig.Builder config() {
    return BrokerConfig.builder(brokerUri())
        .metrics(metrics)
        .connectTimeout(Duration.ofSeconds(5))
        .operationTimeout(Duration.ofSeconds(10));
  }

  /** Another connection, closed after the test. */
  protected Broker connect(BrokerConfig config) {
    Broker b = Brokers.connect(config);
    if (broker != null) {
      extra.add(b);
    }
    return b;
  }

  /** Publishes {@code payloads} in order and waits until every publish is confirmed. */
  protected List<MessageId> publishAll(String topicName, List<String> payloads) {
    try (Publisher p = broker.publisher(topicName, publisherOptions())) {
      List<CompletableFuture<MessageId>> acks = new ArrayList<>();
      for (String s : payloads) {
        acks.add(p.publish(Message.of(s)).toCompletableFuture());
      }
      List<MessageId> ids = new ArrayList<>();
      for (CompletableFuture<MessageId> a : acks) {
        ids.add(a.get(WAIT.toSeconds(), TimeUnit.SECONDS));
      }
      return ids;
    } catch (Exception e) {
      throw new AssertionError("publishing to " + topicName + " failed", e);
    }
  }

  /**
   * Checks that the broker stored {@code topic}'s messages in the order of {@code ids} (their
   * publish order), by reading the topic back where the provider can; the default checks nothing
   * beyond what consumers see.
   */
  protected void assertStoredInPublishOrder(String topicName, List<MessageId> ids) {}

  protected static List<String> numbered(String prefix, int n) {
    List<String> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(prefix + i);
    }
    return out;
  }

  /** Waits {@code millis} so that extra (wrong) deliveries would have time to show up. */
  protected static void settle(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  protected static void assertNoDuplicates(List<String> received) {
    assertThat(received).doesNotHaveDuplicates();
  }
}
