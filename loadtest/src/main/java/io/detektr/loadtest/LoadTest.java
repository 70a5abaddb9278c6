package io.detektr.loadtest;

import io.detektr.broker.Broker;
import io.detektr.broker.BrokerConfig;
import io.detektr.broker.BrokerException;
import io.detektr.broker.Brokers;
import io.detektr.broker.GroupStats;
import io.detektr.broker.Publisher;
import io.detektr.broker.PublisherOptions;
import io.detektr.broker.SubscriptionOptions;
import io.detektr.broker.metrics.BrokerMetrics;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Runs one load test: consumers first (the group exists before the first publish), then the
 * producers for warm-up plus duration, then a drain until every confirmed message has arrived or
 * nothing new has arrived for the drain timeout, so a slow consumer is not reported as loss.
 */
public final class LoadTest {
  private static final long TICK_NANOS = TimeUnit.SECONDS.toNanos(1);
  private static final long KILL_HOLD_WAIT_MILLIS = 5_000;

  private final LoadTestConfig config;
  private final BrokerMetrics metrics;
  private final Consumer<Broker> connected;
  private final RunCounters counters = new RunCounters();
  private final LatencyRecorder publishLatency = new LatencyRecorder();
  private final LatencyRecorder endToEndLatency = new LatencyRecorder();
  private final SequenceTracker tracker;
  private final String run = UUID.randomUUID().toString().substring(0, 8);

  public LoadTest(LoadTestConfig config) {
    this(config, BrokerMetrics.NOOP, broker -> {});
  }

  /**
   * A load test whose broker client reports to {@code metrics} (e.g. a Prometheus exporter); {@code
   * connected} sees the broker once connected, before the first message.
   */
  public LoadTest(LoadTestConfig config, BrokerMetrics metrics, Consumer<Broker> connected) {
    this.config = config;
    this.metrics = metrics;
    this.connected = connected;
    this.tracker = new SequenceTracker(config.producers());
  }

  /** Runs to the end and reports; throws {@link io.detektr.broker.BrokerException} on failure. */
  public RunReport run(Progress.Listener listener) {
    Payload payload = Payload.of(config);
    HeapWatch heap = HeapWatch.start();
    // BROKER_USERNAME / BROKER_PASSWORD fill in what the URI leaves out, as for every service.
    Map<String, String> env = new HashMap<>(System.getenv());
    env.put(Brokers.BROKER_URL, config.brokerUri());
    BrokerConfig brokerConfig =
        Brokers.configFromEnvironment(env).mutate().clientName("loadtest").metrics(metrics).build();
    try (Broker broker = Brokers.connect(brokerConfig)) {
      List<ConsumerRunner> consumers = new ArrayList<>();
      List<Publisher> publishers = new ArrayList<>();
      try {
        // Publishers first: RabbitMQ fixes a queue's limits (--max-length) when the group's queue
        // is declared, from the publisher options it knows of by then.
        for (int i = 0; i < config.producers(); i++) {
          publishers.add(broker.publisher(config.topic(), publisherOptions()));
        }
        broker.declareGroup(config.topic(), config.group());
        connected.accept(broker);
        SubscriptionOptions subscription = subscriptionOptions();
        for (int i = 0; i < config.consumers(); i++) {
          ConsumerRunner c =
              new ConsumerRunner(run, counters, tracker, endToEndLatency, config.handleTime());
          consumers.add(c);
          c.start(broker, config.topic(), config.group(), subscription);
        }
        // The schedule starts once every consumer is subscribed and every publisher is ready.
        RunClock clock = RunClock.startingAt(System.nanoTime(), config.warmup(), config.duration());
        for (ConsumerRunner c : consumers) {
          c.begin(clock);
        }
        Phases phases = new Phases(clock, listener, heap);
        List<Thread> producers = startProducers(publishers, payload, clock);
        Thread killer = startKiller(consumers, clock);
        phases.send(producers);
        for (Publisher p : publishers) {
          p.flush();
        }
        phases.awaitConfirms(brokerConfig.operationTimeout().toNanos());
        if (!consumers.isEmpty()) {
          phases.drain(
              config.drainTimeout().toNanos(),
              subscription.redeliverAfter().toNanos(),
              config.brokerWait().toNanos(),
              () -> backlog(broker));
        }
        if (killer != null) {
          killer.join();
        }
        return report(broker, clock, payload, heap, phases);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      } finally {
        consumers.forEach(ConsumerRunner::close);
        publishers.forEach(Publisher::close);
      }
    }
  }

  private PublisherOptions publisherOptions() {
    PublisherOptions o =
        PublisherOptions.defaults().maxLength(config.maxLength()).overflow(config.overflow());
    return config.maxInFlight() > 0 ? o.maxInFlight(config.maxInFlight()) : o;
  }

  private SubscriptionOptions subscriptionOptions() {
    SubscriptionOptions o = SubscriptionOptions.defaults();
    if (config.prefetch() > 0) {
      o = o.prefetch(config.prefetch());
    }
    return config.redeliverAfter() != null ? o.redeliverAfter(config.redeliverAfter()) : o;
  }

  private List<Thread> startProducers(List<Publisher> publishers, Payload payload, RunClock clock) {
    double perProducer = (double) config.rate() / config.producers();
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < publishers.size(); i++) {
      ProducerRunner p =
          new ProducerRunner(
              i,
              run,
              publishers.get(i),
              payload,
              perProducer,
              config.batch(),
              clock,
              counters,
              tracker,
              publishLatency);
      Thread t = new Thread(p, "loadtest-producer-" + i);
      t.setDaemon(true);
      t.start();
      threads.add(t);
    }
    return threads;
  }

  private Thread startKiller(List<ConsumerRunner> consumers, RunClock clock) {
    if (config.killConsumerAfter() == null) {
      return null;
    }
    long at = clock.startNanos() + config.killConsumerAfter().toNanos();
    Thread t =
        new Thread(
            () -> {
              try {
                TimeUnit.NANOSECONDS.sleep(Math.max(0, at - System.nanoTime()));
                consumers.get(0).kill(KILL_HOLD_WAIT_MILLIS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "loadtest-consumer-killer");
    t.setDaemon(true);
    t.start();
    return t;
  }

  /** The group's backlog at the broker, or null when the broker cannot tell or is unreachable. */
  private GroupStats groupStats(Broker broker) {
    return backlog(broker).stats();
  }

  /**
   * What the broker says of the group's backlog: its stats; or, when it does not answer for now (a
   * retriable error: down, or Redis still loading its data), why.
   */
  private Backlog backlog(Broker broker) {
    try {
      return new Backlog(broker.groupStats(config.topic(), config.group()), null);
    } catch (BrokerException e) {
      return new Backlog(null, e.isRetriable() ? String.valueOf(e.getMessage()) : null);
    } catch (UnsupportedOperationException e) {
      return new Backlog(null, null);
    }
  }

  /**
   * {@code stats} null when the broker cannot tell; {@code notAnswering} why it does not answer.
   */
  record Backlog(GroupStats stats, String notAnswering) {}

  private RunReport report(
      Broker broker, RunClock clock, Payload payload, HeapWatch heap, Phases phases) {
    boolean publishOnly = config.consumers() == 0;
    String notAnswering = phases.notAnswering;
    // Missing while the broker still did not answer: not known to be lost, not known to be kept.
    long unverified = !publishOnly && notAnswering != null ? tracker.lost() : 0;
    long lost = publishOnly || notAnswering != null ? 0 : tracker.lost();
    GroupStats backlog = lost > 0 ? groupStats(broker) : null;
    long failed = counters.failed.sum();
    double seconds = clock.measuredSeconds();
    double publishRate = counters.confirmedMeasured.sum() / seconds;
    long lastReceipt = Math.max(counters.lastMeasuredReceiptNanos.get(), clock.endNanos());
    double receiveRate =
        counters.receivedMeasured.sum() / ((lastReceipt - clock.warmupEndNanos()) / 1e9);
    LatencySummary publish = publishLatency.summary();
    LatencySummary endToEnd = endToEndLatency.summary();
    List<ThresholdResult> verdicts =
        ThresholdCheck.check(
            config.thresholds(),
            publishOnly,
            lost,
            failed,
            counters.outOfOrder.sum(),
            publishRate,
            receiveRate,
            endToEnd);
    if (notAnswering != null) {
      verdicts = new ArrayList<>(verdicts);
      verdicts.add(
          new ThresholdResult(
              "broker answering at the end", "yes", "no: " + unverified + " unverified", false));
    }
    Map<String, LatencySummary> latency = new LinkedHashMap<>();
    latency.put("publish", publish);
    latency.put("endToEnd", endToEnd);
    int size = payload.bytes().length;
    Throwable failure = counters.firstFailure.get();
    return new RunReport(
        config.describe(),
        broker.provider(),
        counters.sent.sum(),
        counters.confirmed.sum(),
        failed,
        counters.received.sum(),
        counters.duplicates.sum(),
        lost,
        counters.outOfOrder.sum(),
        counters.redeliveredLate.sum(),
        tracker.receivedUnconfirmed(),
        counters.foreign.sum(),
        seconds,
        publishRate,
        receiveRate,
        size,
        publishRate * size / 1e6,
        receiveRate * size / 1e6,
        latency,
        heap.figures(),
        failure == null ? null : Failures.describe(failure),
        backlog == null ? null : BrokerBacklog.of(backlog),
        new BrokerWait(phases.brokerWaitNanos / 1e9, notAnswering, unverified),
        verdicts,
        verdicts.stream().allMatch(ThresholdResult::passed));
  }

  /** The reporting thread's loop: live samples during the send window, the confirms, the drain. */
  private final class Phases {
    /** Why the broker still did not answer when the drain gave up waiting; null if it did. */
    String notAnswering;

    /** How long the drain waited for a broker that did not answer. */
    long brokerWaitNanos;

    private boolean waitingForBroker;

    private final RunClock clock;
    private final Progress.Listener listener;
    private final HeapWatch heap;
    private long nextTick;
    private long lastTick;
    private long lastConfirmed;
    private long lastReceived;

    Phases(RunClock clock, Progress.Listener listener, HeapWatch heap) {
      this.clock = clock;
      this.listener = listener;
      this.heap = heap;
      this.lastTick = clock.startNanos();
      this.nextTick = clock.startNanos() + TICK_NANOS;
    }

    void send(List<Thread> producers) throws InterruptedException {
      for (Thread t : producers) {
        while (t.isAlive()) {
          TimeUnit.NANOSECONDS.timedJoin(t, Math.max(1, nextTick - System.nanoTime()));
          tickIfDue();
        }
      }
    }

    void awaitConfirms(long timeoutNanos) throws InterruptedException {
      long deadline = System.nanoTime() + timeoutNanos;
      while (counters.outstanding() > 0 && System.nanoTime() < deadline) {
        TimeUnit.MILLISECONDS.sleep(10);
        tickIfDue();
      }
    }

    /**
     * Waits until every confirmed message has arrived, or nothing new has for {@code quietNanos}.
     * Then, if the broker still holds messages handed to a consumer and never acknowledged, waits
     * once more, for {@code redeliverNanos}: the broker hands those out again after that long, and
     * until then they are late, not lost.
     */
    void drain(long quietNanos, long redeliverNanos, long brokerWait, Supplier<Backlog> backlog)
        throws InterruptedException {
      long received = counters.received.sum();
      long lastProgress = System.nanoTime();
      long quiet = quietNanos;
      boolean extended = false;
      long waitingSince = 0;
      while (!allReceived()) {
        long asked = System.nanoTime();
        if (asked - lastProgress > quiet) {
          Backlog atBroker = backlog.get(); // may itself wait up to the operation timeout
          long now = System.nanoTime();
          if (atBroker.notAnswering() != null) {
            // Down, or still loading its data: what it holds may yet come. Wait for it, bounded.
            if (waitingSince == 0) {
              waitingSince = asked;
              waitingForBroker = true; // the progress lines say so
            }
            if (now - waitingSince > brokerWait) {
              brokerWaitNanos += now - waitingSince;
              notAnswering = atBroker.notAnswering();
              return;
            }
            lastProgress = now - quiet + TimeUnit.SECONDS.toNanos(1); // ask again in a second
          } else if (waitingSince != 0) {
            brokerWaitNanos += now - waitingSince; // back: the consumers get the drain time again
            waitingSince = 0;
            waitingForBroker = false;
            lastProgress = now;
          } else if (!extended && atBroker.stats() != null && atBroker.stats().pending() > 0) {
            extended = true;
            quiet = redeliverNanos + quietNanos;
          } else {
            return; // nothing new for the drain timeout: what is missing now is lost
          }
        }
        TimeUnit.MILLISECONDS.sleep(20);
        long receivedNow = counters.received.sum();
        if (receivedNow != received) {
          received = receivedNow;
          lastProgress = System.nanoTime();
        }
        tickIfDue();
      }
    }

    private boolean allReceived() {
      // The cheap count first; the exact per-sequence check only once the counts match.
      return counters.received.sum() >= counters.confirmed.sum() && tracker.lost() == 0;
    }

    private void tickIfDue() {
      long now = System.nanoTime();
      if (now < nextTick) {
        return;
      }
      // Received first: a fast consumer may see a message before its confirm callback has run.
      long received = counters.received.sum();
      long confirmed = counters.confirmed.sum();
      double seconds = (now - lastTick) / 1e9;
      long middle = lastTick + (now - lastTick) / 2; // the phase the past second mostly was in
      Progress.Phase phase =
          waitingForBroker
              ? Progress.Phase.BROKER_WAIT
              : middle < clock.warmupEndNanos()
                  ? Progress.Phase.WARMUP
                  : middle < clock.endNanos() ? Progress.Phase.MEASURE : Progress.Phase.DRAIN;
      listener.onProgress(
          new Progress(
              (now - clock.startNanos()) / 1e9,
              phase,
              (confirmed - lastConfirmed) / seconds,
              (received - lastReceived) / seconds,
              Math.max(0, confirmed - received),
              counters.failed.sum(),
              endToEndLatency.summary().p99(),
              publishLatency.summary().p99()));
      heap.sample();
      lastTick = now;
      lastConfirmed = confirmed;
      lastReceived = received;
      while (nextTick <= now) {
        nextTick += TICK_NANOS;
      }
    }
  }
}
