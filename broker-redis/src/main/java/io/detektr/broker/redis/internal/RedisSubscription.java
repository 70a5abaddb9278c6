package io.detektr.broker.redis.internal;

import io.detektr.broker.BrokerException;
import io.detektr.broker.MessageHandler;
import io.detektr.broker.Subscription;
import io.detektr.broker.SubscriptionOptions;
import io.detektr.broker.metrics.Destination;
import io.detektr.broker.spi.ConsumerNames;
import io.detektr.broker.spi.HandlerThreads;
import io.lettuce.core.api.StatefulRedisConnection;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One consumer of a group. A reader thread fetches batches ({@code COUNT = prefetch}) with a
 * blocking XREADGROUP on the subscription's own connection and, every half {@code redeliverAfter},
 * claims abandoned entries with XAUTOCLAIM. With {@code concurrency} 1 the reader runs the handler
 * itself (no thread hop); with more, {@code concurrency} worker threads take entries from a local
 * queue, and at most {@code prefetch} entries are held locally at a time. A packed entry (see
 * {@link EntryPack}) counts as one entry and is handed out as its messages, one delivery each.
 */
final class RedisSubscription implements Subscription {
  private static final System.Logger LOG = System.getLogger(RedisSubscription.class.getName());

  private final RedisConnector connector;
  private final StatefulRedisConnection<byte[], byte[]> shared;
  private final String topic;
  private final String group;
  private final String consumer;
  private final MessageHandler handler;
  private final SubscriptionOptions options;
  private final Consumer<RedisSubscription> onClose;
  private final RedisSettler settler;
  private final LinkedBlockingDeque<StreamEntry> ready = new LinkedBlockingDeque<>();

  /** Ids held locally (queued or running), so a claim of our own slow entries is not doubled. */
  private final Set<String> held = ConcurrentHashMap.newKeySet();

  /** Free local slots when workers run: at most {@code prefetch} entries held. */
  private final Semaphore slots;

  private final long claimIntervalNanos;
  private final long blockMillis;
  private final List<Thread> threads = new ArrayList<>();
  private StatefulRedisConnection<byte[], byte[]> readerConnection;
  private GroupReader reader;
  private volatile boolean closed;

  RedisSubscription(
      RedisConnector connector,
      StatefulRedisConnection<byte[], byte[]> shared,
      String topic,
      String group,
      MessageHandler handler,
      SubscriptionOptions options,
      Consumer<RedisSubscription> onClose) {
    this.connector = connector;
    this.shared = shared;
    this.topic = topic;
    this.group = group;
    this.consumer = ConsumerNames.next(connector.config().clientName());
    this.handler = handler;
    this.options = options;
    this.onClose = onClose;
    this.settler = new RedisSettler(connector, shared, topic, group, consumer, options);
    this.slots = new Semaphore(options.prefetch());
    long half = options.redeliverAfter().toMillis() / 2;
    this.claimIntervalNanos = TimeUnit.MILLISECONDS.toNanos(Math.max(100, Math.min(5_000, half)));
    this.blockMillis = Math.max(50, Math.min(1_000, half));
  }

  void start() {
    readerConnection = connector.connect();
    reader =
        new GroupReader(
            readerConnection,
            topic,
            group,
            consumer,
            options.redeliverAfter(),
            new EntryDecoder(connector.payloadField()));
    String name = "redis-consumer-" + topic + "/" + group;
    threads.add(thread(this::readLoop, name + "-reader"));
    if (options.concurrency() > 1) {
      for (int i = 0; i < options.concurrency(); i++) {
        threads.add(thread(this::workLoop, name + "-" + i));
      }
    }
    threads.forEach(Thread::start);
  }

  private static Thread thread(Runnable body, String name) {
    Thread t = new Thread(body, name);
    t.setDaemon(true);
    return t;
  }

  private boolean inline() {
    return options.concurrency() == 1;
  }

  private void readLoop() {
    long nextClaim = 0;
    long backoff = 50;
    while (!closed) {
      try {
        if (System.nanoTime() - nextClaim >= 0) {
          claim();
          nextClaim = System.nanoTime() + (reader.moreToClaim() ? 0 : claimIntervalNanos);
        }
        if (inline()) {
          if (ready.isEmpty()) {
            fetch(options.prefetch());
          }
          drain();
          settler.flushAcks();
        } else if (slots.tryAcquire(blockMillis, TimeUnit.MILLISECONDS)) {
          int room = 1 + slots.drainPermits();
          int got = 0;
          try {
            settler.flushAcks();
            got = fetch(room);
          } finally {
            slots.release(room - got); // also when the read failed: no slot may leak
          }
        }
        backoff = 50;
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        if (closed) {
          return;
        }
        BrokerException b = RedisErrors.translate(e, connector.where());
        LOG.log(
            System.Logger.Level.WARNING,
            "consumer "
                + consumer
                + " of "
                + topic
                + "/"
                + group
                + ": "
                + b.getMessage()
                + "; retrying in "
                + backoff
                + " ms");
        if (String.valueOf(b.getMessage()).contains("NOGROUP")) {
          settler.recreateGroup(); // the server lost the group (restart without persistence)
        }
        sleep(backoff);
        backoff = Math.min(1_000, backoff * 2);
      }
    }
  }

  private int fetch(int count) {
    List<String> gone = new ArrayList<>();
    List<StreamEntry> batch = reader.readNew(count, blockMillis, gone);
    settler.forget(gone);
    deadLetterUndeliverable();
    int entries = 0;
    for (StreamEntry e : batch) {
      enqueue(e, false);
      entries += e.startsEntry() ? 1 : 0;
    }
    return entries;
  }

  private void claim() {
    int room = inline() ? options.prefetch() : slots.drainPermits();
    if (room == 0) {
      return;
    }
    int used = 0;
    try {
      List<String> gone = new ArrayList<>();
      List<StreamEntry> claimed = reader.claimAbandoned(room, gone);
      settler.forget(gone);
      deadLetterUndeliverable();
      boolean ours = false;
      for (StreamEntry e : claimed) {
        if (e.startsEntry()) {
          ours = held.contains(e.id()); // decided once per entry: a pack's messages follow it
        }
        if (ours) {
          continue; // ours already, just slow: the claim only reset its idle time
        }
        enqueue(e, false);
        used += e.startsEntry() ? 1 : 0;
      }
    } finally {
      if (!inline()) {
        slots.release(room - used);
      }
    }
  }

  /**
   * Entries no handler can be given (a foreign producer's binary field, see {@link EntryDecoder})
   * go to the dead-letter topic with the reason, counted like any dead letter, and are logged.
   */
  private void deadLetterUndeliverable() {
    for (GroupReader.Undeliverable u : reader.takeUndeliverable()) {
      settler.deadLetterUndeliverable(u);
      connector.config().metrics().deadLettered(new Destination("redis", topic, group));
      LOG.log(
          System.Logger.Level.WARNING,
          "dead-lettered entry " + u.id() + " of " + topic + "/" + group + ": " + u.reason());
    }
  }

  /** Queues an entry; a retried one goes first so that a retry comes back promptly. */
  void enqueue(StreamEntry entry, boolean first) {
    held.add(entry.id());
    if (first) {
      ready.addFirst(entry);
    } else {
      ready.addLast(entry);
    }
  }

  private void drain() {
    StreamEntry e;
    while (!closed && (e = ready.pollFirst()) != null) {
      handle(e);
    }
  }

  private void workLoop() {
    while (!closed) {
      StreamEntry e;
      try {
        e = ready.pollFirst(100, TimeUnit.MILLISECONDS);
      } catch (InterruptedException ie) {
        return;
      }
      if (e != null) {
        handle(e);
      }
    }
  }

  private void handle(StreamEntry entry) {
    RedisDelivery delivery = new RedisDelivery(this, settler, entry);
    try {
      handler.handle(delivery);
    } catch (Throwable t) {
      // the API's handler wrapper settles; whatever stays unsettled is redelivered later
    } finally {
      if (!delivery.requeued() && entryDone(entry, delivery)) {
        held.remove(entry.id());
        if (!inline()) {
          slots.release();
          if (ready.isEmpty()) {
            settler.flushAcks(); // out of local work: nothing to batch the acks with
          }
        }
      }
    }
  }

  /**
   * Whether the entry is done with: always for an entry of one message; for a pack, when this was
   * its last message, and then the entry is acknowledged if every message of it was settled.
   */
  private boolean entryDone(StreamEntry entry, RedisDelivery delivery) {
    PackProgress pack = entry.pack();
    if (pack == null) {
      return true;
    }
    if (!pack.done(delivery.settled())) {
      return false;
    }
    if (pack.allSettled()) {
      settler.ack(entry.id());
    }
    return true;
  }

  boolean isClosed() {
    return closed;
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

  /** Stops fetching, gives running handlers a grace period, then interrupts; acks nothing. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    HandlerThreads.stop(threads);
    settler.awaitAcks(1_000);
    try {
      if (held.isEmpty() && ready.isEmpty() && readerConnection.isOpen()) {
        reader.leaveIfIdle();
      }
    } catch (RuntimeException e) {
      // tidying the consumer list is best effort
    }
    RedisFutures.closeQuietly(readerConnection);
    onClose.accept(this);
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
