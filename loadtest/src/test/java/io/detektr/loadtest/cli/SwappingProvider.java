package io.detektr.loadtest.cli;

import io.detektr.broker.Broker;
import io.detektr.broker.BrokerConfig;
import io.detektr.broker.Brokers;
import io.detektr.broker.GroupStart;
import io.detektr.broker.GroupStats;
import io.detektr.broker.Message;
import io.detektr.broker.MessageHandler;
import io.detektr.broker.MessageId;
import io.detektr.broker.Publisher;
import io.detektr.broker.PublisherOptions;
import io.detektr.broker.Subscription;
import io.detektr.broker.SubscriptionOptions;
import io.detektr.broker.spi.BrokerProvider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * {@code swap://name}: the in-memory broker with publishers that store each pair of messages in
 * reverse order, a broker that breaks FIFO on purpose, for the loadtest's order check. Registered
 * only for the code {@link #registered} runs (through the thread's context class loader, which the
 * provider registry reads), so other tests see the class path's providers alone.
 */
public final class SwappingProvider implements BrokerProvider {
  /**
   * Runs {@code body} with {@code swap://} registered, its services file written under {@code dir}.
   */
  static <T> T registered(Path dir, java.util.function.Supplier<T> body) {
    Thread thread = Thread.currentThread();
    ClassLoader before = thread.getContextClassLoader();
    try {
      Path services = dir.resolve("META-INF/services/" + BrokerProvider.class.getName());
      Files.createDirectories(services.getParent());
      Files.writeString(services, SwappingProvider.class.getName() + "\n");
      try (URLClassLoader loader =
          new URLClassLoader(
              new URL[] {dir.toUri().toURL()}, SwappingProvider.class.getClassLoader())) {
        thread.setContextClassLoader(loader);
        return body.get();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      thread.setContextClassLoader(before);
    }
  }

  @Override
  public Set<String> schemes() {
    return Set.of("swap");
  }

  @Override
  public Broker connect(BrokerConfig config) {
    Broker mem = Brokers.connect(config.mutate().scheme("mem").build());
    return new Broker() {
      @Override
      public String provider() {
        return "swap";
      }

      @Override
      public Publisher publisher(String topic, PublisherOptions options) {
        return new Swapping(mem.publisher(topic, options));
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

  /** Holds every other message and publishes it after the next one. */
  private static final class Swapping implements Publisher {
    private final Publisher delegate;
    private Message held;
    private CompletableFuture<MessageId> heldStage;

    Swapping(Publisher delegate) {
      this.delegate = delegate;
    }

    @Override
    public String topic() {
      return delegate.topic();
    }

    @Override
    public synchronized CompletionStage<MessageId> publish(Message message) {
      if (held == null) {
        held = message;
        heldStage = new CompletableFuture<>();
        return heldStage;
      }
      CompletionStage<MessageId> now = delegate.publish(message);
      release();
      return now;
    }

    private void release() {
      CompletableFuture<MessageId> stage = heldStage;
      delegate
          .publish(held)
          .whenComplete(
              (id, e) -> {
                if (e != null) {
                  stage.completeExceptionally(e);
                } else {
                  stage.complete(id);
                }
              });
      held = null;
    }

    @Override
    public synchronized void flush() {
      if (held != null) {
        release();
      }
      delegate.flush();
    }

    @Override
    public void close() {
      flush();
      delegate.close();
    }
  }
}
