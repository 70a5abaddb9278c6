package io.detektr.exporter;

import io.detektr.broker.BrokerConfig;
import io.detektr.broker.BrokerConfigException;
import io.detektr.broker.Brokers;
import io.detektr.exporter.internal.collect.CollectorFactory;
import io.detektr.exporter.internal.collect.ScrapeCollector;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Server-side statistics of Redis and RabbitMQ brokers, read on every scrape of the registry they
 * are bound to, each within the scrape timeout. Redis: {@code INFO} and {@code XINFO} of the named
 * streams, under redis_exporter's metric names and labels. RabbitMQ: queues of the URI's vhost and
 * node alarms, through the management HTTP API. Each family reports {@code <family>_up}, {@code
 * <family>_exporter_last_scrape_duration_seconds} and {@code <family>_exporter_last_scrape_error};
 * a broker that is down costs a scrape at most the timeout and shows as {@code _up 0}. {@link
 * Builder#build()} connects to every broker and reads it once in the background ({@link #warmUp}
 * waits for it), so the first scrape is as quick as the others.
 *
 * <pre>{@code
 * BrokerCollectors collectors = BrokerCollectors.builder()
 *     .broker("redis://localhost:6379").streams(List.of("frames")).build()
 *     .bindTo(registry);
 * }</pre>
 */
public final class BrokerCollectors implements AutoCloseable {
  /** Per broker and scrape; Prometheus' own scrape timeout defaults to 10 s. */
  public static final Duration DEFAULT_SCRAPE_TIMEOUT = Duration.ofSeconds(2);

  /**
   * For the first read, begun by {@link Builder#build()}: a new connection in a cold JVM (Netty,
   * Lettuce, TLS) takes far longer than a scrape of a warm one.
   */
  public static final Duration DEFAULT_START_WAIT = Duration.ofSeconds(10);

  private final List<ScrapeCollector> collectors;
  private final List<PrometheusMeterRegistry> boundTo = new ArrayList<>();

  private BrokerCollectors(List<ScrapeCollector> collectors) {
    this.collectors = collectors;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Registers the collectors with {@code registry}, so that its scrapes include them. */
  public synchronized BrokerCollectors bindTo(PrometheusMeterRegistry registry) {
    collectors.forEach(c -> registry.getPrometheusRegistry().register(c));
    boundTo.add(registry);
    return this;
  }

  /**
   * Waits at most {@code wait} until every broker answered its first read (begun by {@link
   * Builder#build()}) or failed it; returns their states. Call it before serving scrapes, so that
   * the first scrape finds warm connections.
   */
  public List<BrokerState> warmUp(Duration wait) {
    long deadline = System.nanoTime() + wait.toNanos();
    List<BrokerState> out = new ArrayList<>();
    for (ScrapeCollector c : collectors) {
      Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
      out.add(state(c, c.awaitStart(left)));
    }
    return out;
  }

  /**
   * Each broker as of its last scrape; a broker last read more than {@code maxAge} ago (nobody
   * scrapes) is read now, within the scrape timeout.
   */
  public List<BrokerState> states(Duration maxAge) {
    List<BrokerState> out = new ArrayList<>();
    Instant oldest = Instant.now().minus(maxAge);
    for (ScrapeCollector c : collectors) {
      ScrapeCollector.ScrapeResult r = c.last();
      if (r == null || r.at().isBefore(oldest)) {
        c.collect();
        r = c.last();
      }
      out.add(state(c, r));
    }
    return out;
  }

  private static BrokerState state(ScrapeCollector c, ScrapeCollector.ScrapeResult r) {
    return r == null
        ? new BrokerState(c.target(), c.family(), false, "not read yet", null)
        : new BrokerState(c.target(), c.family(), r.up(), r.error(), r.at());
  }

  /** What is watched, one line per broker, passwords masked. */
  public List<String> targets() {
    return collectors.stream().map(ScrapeCollector::target).toList();
  }

  /** Unregisters the collectors and closes their connections. */
  @Override
  public synchronized void close() {
    for (PrometheusMeterRegistry r : boundTo) {
      collectors.forEach(c -> r.getPrometheusRegistry().unregister(c));
    }
    collectors.forEach(ScrapeCollector::close);
  }

  /** Options; {@link #build()} reports every problem at once in a BrokerConfigException. */
  public static final class Builder {
    private final List<String> uris = new ArrayList<>();
    private final List<String> streams = new ArrayList<>();
    private Duration scrapeTimeout = DEFAULT_SCRAPE_TIMEOUT;
    private Duration startWait = DEFAULT_START_WAIT;
    private Map<String, String> environment = Map.of();

    /**
     * A broker to watch: {@code redis://}, {@code rediss://}, {@code redis-sentinel://}, {@code
     * amqp://} or {@code amqps://}; at most one Redis and one RabbitMQ per exporter.
     */
    public Builder broker(String uri) {
      uris.add(uri);
      return this;
    }

    /** Several brokers, see {@link #broker}. */
    public Builder brokers(List<String> values) {
      uris.addAll(values);
      return this;
    }

    /** Redis streams to inspect with XINFO (topics of the broker API). */
    public Builder streams(List<String> names) {
      streams.addAll(names);
      return this;
    }

    public Builder scrapeTimeout(Duration value) {
      scrapeTimeout = value;
      return this;
    }

    /** How long the first read, begun by {@link #build()}, may take; see {@link #warmUp}. */
    public Builder startWait(Duration value) {
      startWait = value;
      return this;
    }

    /** Where {@code BROKER_USERNAME} / {@code BROKER_PASSWORD} are read, for URIs without them. */
    public Builder environment(Map<String, String> env) {
      environment = Map.copyOf(env);
      return this;
    }

    public BrokerCollectors build() {
      List<String> problems = new ArrayList<>();
      if (scrapeTimeout == null || scrapeTimeout.isNegative() || scrapeTimeout.isZero()) {
        problems.add("the scrape timeout must be positive, was " + scrapeTimeout);
      }
      if (startWait == null || startWait.isNegative() || startWait.isZero()) {
        problems.add("the start-up wait must be positive, was " + startWait);
      }
      List<BrokerConfig> configs = new ArrayList<>();
      Set<String> families = new HashSet<>();
      for (String uri : uris) {
        try {
          BrokerConfig config = withCredentials(uri);
          String family = CollectorFactory.family(config);
          CollectorFactory.check(config);
          if (!families.add(family)) {
            problems.add(
                "more than one "
                    + family
                    + " broker given ("
                    + config.redactedUri()
                    + "); run one exporter per "
                    + family
                    + " server, their metrics share names");
          }
          configs.add(config);
        } catch (BrokerConfigException e) {
          problems.addAll(e.problems());
        }
      }
      if (streams.stream().anyMatch(String::isBlank)) {
        problems.add("a stream name is empty; name streams like --streams frames,frames.dlq");
      }
      if (!problems.isEmpty()) {
        throw new BrokerConfigException(problems);
      }
      List<ScrapeCollector> collectors = new ArrayList<>();
      for (BrokerConfig config : configs) {
        Duration wait = startWait.compareTo(scrapeTimeout) > 0 ? startWait : scrapeTimeout;
        ScrapeCollector c = CollectorFactory.create(config, streams, scrapeTimeout, wait);
        c.start(wait);
        collectors.add(c);
      }
      return new BrokerCollectors(collectors);
    }

    private BrokerConfig withCredentials(String uri) {
      Map<String, String> env = new HashMap<>(environment);
      env.put(Brokers.BROKER_URL, uri);
      return Brokers.configFromEnvironment(env);
    }
  }
}
