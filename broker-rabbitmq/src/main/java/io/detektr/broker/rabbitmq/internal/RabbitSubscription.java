package io.detektr.broker.rabbitmq.internal;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import com.rabbitmq.client.ShutdownSignalException;
import io.detektr.broker.MessageHandler;
import io.detektr.broker.Subscription;
import io.detektr.broker.SubscriptionOptions;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * One consumer on the group's queue, on a channel of its own with prefetch {@code
 * SubscriptionOptions.prefetch}. The driver's dispatch thread only hands deliveries to this
 * subscription's {@code concurrency} handler threads (one thread keeps the queue's order), so a
 * slow handler never stalls the connection. With one handler thread, acks are coalesced while
 * deliveries wait for it (see {@link AckCoalescer}). Closing cancels the consumer, lets running
 * handlers finish for a grace period, interrupts them, and closes the channel: RabbitMQ then
 * requeues whatever was not acknowledged, marked redelivered.
 */
final class RabbitSubscription implements Subscription {
  private static final long CLOSE_GRACE_MILLIS = 2_000;
  private static final int RESUME_ATTEMPTS = 30;
  private static final System.Logger LOG = System.getLogger(RabbitSubscription.class.getName());

  private final Connection connection;
  private final String topic;
  private final String group;
  private final String queue;
  private final String consumer;
  private final String deadLetterTopic;
  private final MessageHandler handler;
  private final SubscriptionOptions options;
  private final ConfirmChannel republisher;
  private final Duration timeout;
  private final Consumer<RabbitSubscription> onClose;
  private final ExecutorService handlers;
  private final LinkedBlockingQueue<Runnable> waiting = new LinkedBlockingQueue<>();
  private volatile Channel channel;
  private volatile AckCoalescer acks;
  private volatile boolean closed;

  RabbitSubscription(
      Connection connection,
      String topic,
      String group,
      String consumer,
      MessageHandler handler,
      SubscriptionOptions options,
      ConfirmChannel republisher,
      Duration timeout,
      Consumer<RabbitSubscription> onClose) {
    this.connection = connection;
    this.topic = topic;
    this.group = group;
    this.queue = Topology.queueName(topic, group);
    this.consumer = consumer;
    this.deadLetterTopic = options.deadLetterTopicFor(topic);
    this.handler = handler;
    this.options = options;
    this.republisher = republisher;
    this.timeout = timeout;
    this.onClose = onClose;
    AtomicInteger n = new AtomicInteger();
    String prefix = "rabbitmq-handler-" + queue + "-";
    this.handlers =
        new ThreadPoolExecutor(
            options.concurrency(),
            options.concurrency(),
            0,
            TimeUnit.MILLISECONDS,
            waiting,
            r -> {
              Thread t = new Thread(r, prefix + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
  }

  void start() {
    try {
      consume();
    } catch (Exception e) {
      shutdownHandlers();
      closeChannel();
      throw Errors.operationFailed("subscribing to queue '" + queue + "'", e);
    }
  }

  private synchronized void consume() throws Exception {
    if (closed) {
      return;
    }
    Channel ch = connection.createChannel();
    channel = ch;
    AckCoalescer chAcks =
        new AckCoalescer(
            ch, options.concurrency() == 1 ? AckCoalescer.maxHeldFor(options.prefetch()) : 0);
    acks = chAcks;
    AtomicBoolean resumed = new AtomicBoolean();
    ch.addShutdownListener(
        signal -> {
          // A lost connection is recovered by the driver; a channel closed by the server (its
          // consumer_timeout, say) is not, and would silently stop this subscription.
          // Once per channel: closing the dead channel below notifies its listeners again.
          if (!closed
              && !signal.isHardError()
              && !signal.isInitiatedByApplication()
              && resumed.compareAndSet(false, true)) {
            Thread t = new Thread(() -> resume(ch, signal), "rabbitmq-resume-" + queue);
            t.setDaemon(true);
            t.start(); // not on the driver's thread, which must stay free to read the replies
          }
        });
    try {
      ch.basicQos(options.prefetch());
      ch.basicConsume(
          queue,
          false,
          consumer,
          new DefaultConsumer(ch) {
            @Override
            public void handleDelivery(
                String tag, Envelope envelope, AMQP.BasicProperties props, byte[] body) {
              dispatch(chAcks, envelope, props, body);
            }
          });
    } catch (Exception e) {
      Errors.closeQuietly(ch); // the queue is missing, say: no channel without a consumer
      throw e;
    }
  }

  private void resume(Channel dead, ShutdownSignalException signal) {
    // Unregister it first, or connection recovery would revive it and its consumer as well.
    Errors.closeQuietly(dead);
    for (int i = 0; i < RESUME_ATTEMPTS && !closed; i++) {
      try {
        consume();
        LOG.log(
            System.Logger.Level.WARNING,
            "RabbitMQ closed the channel of consumer {0} on" + " queue {1} ({2}); consuming again",
            consumer,
            queue,
            Errors.reasonText(signal));
        return;
      } catch (Exception e) {
        try {
          Thread.sleep(1_000);
        } catch (InterruptedException ie) {
          return;
        }
      }
    }
    if (!closed) {
      LOG.log(
          System.Logger.Level.ERROR,
          "Consumer {0} stopped: RabbitMQ closed its channel on"
              + " queue {1} ({2}) and consuming again failed {3} times; subscribe again",
          consumer,
          queue,
          Errors.reasonText(signal),
          RESUME_ATTEMPTS);
    }
  }

  private void dispatch(
      AckCoalescer chAcks, Envelope envelope, AMQP.BasicProperties props, byte[] body) {
    if (closed) {
      return; // left unacknowledged: requeued when the channel closes
    }
    try {
      handlers.execute(
          () -> {
            if (closed) {
              return;
            }
            RabbitDelivery delivery = null;
            try {
              delivery =
                  new RabbitDelivery(chAcks, envelope, props, body, this, republisher, timeout);
              handler.handle(delivery);
            } catch (Exception | Error e) {
              // The API's handler wrapper settles, whatever the handler throws; this is settling
              // itself failing. Requeue now: unacknowledged, it would hold its prefetch slot.
              if (delivery != null && !closed) {
                delivery.requeueIfUnsettled();
              }
            }
          });
    } catch (RejectedExecutionException e) {
      // closing: an exception here would make the driver close the channel; requeued anyway
    }
  }

  String queue() {
    return queue;
  }

  /** Whether deliveries wait for a handler thread. */
  boolean deliveriesWaiting() {
    return !waiting.isEmpty();
  }

  String deadLetterTopic() {
    return deadLetterTopic;
  }

  @Override
  public String topic() {
    return topic;
  }

  @Override
  public String group() {
    return group;
  }

  @Override
  public String consumer() {
    return consumer;
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      channel.basicCancel(consumer);
    } catch (Exception e) {
      // the channel or connection is already gone; closing it below requeues the same
    }
    shutdownHandlers();
    if (acks != null) {
      acks.flushQuietly(); // what the handlers settled; the rest is requeued on close
    }
    closeChannel();
    onClose.accept(this);
  }

  private void shutdownHandlers() {
    handlers.shutdown();
    try {
      if (!handlers.awaitTermination(CLOSE_GRACE_MILLIS, TimeUnit.MILLISECONDS)) {
        handlers.shutdownNow();
        handlers.awaitTermination(1, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      handlers.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  private synchronized void closeChannel() {
    if (channel == null) {
      return;
    }
    Errors.closeQuietly(channel);
  }
}
