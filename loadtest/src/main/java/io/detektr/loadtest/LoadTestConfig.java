package io.detektr.loadtest;

import io.detektr.broker.BrokerConfig;
import io.detektr.broker.BrokerException;
import io.detektr.broker.Overflow;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Immutable settings of one load test run. Start from {@link #builder()}; {@link Builder#build()}
 * reports every invalid value at once.
 */
public final class LoadTestConfig {
  public static final String DEFAULT_TOPIC = "loadtest";
  public static final String DEFAULT_GROUP = "loadtest";

  /** The original requirement's sustained rate: pleasant as a default, 0 means flat out. */
  public static final int DEFAULT_RATE = 1_000;

  public static final Duration DEFAULT_DURATION = Duration.ofSeconds(10);
  public static final Duration DEFAULT_WARMUP = Duration.ofSeconds(2);
  public static final Duration DEFAULT_DRAIN_TIMEOUT = Duration.ofSeconds(15);
  public static final Duration DEFAULT_BROKER_WAIT = Duration.ofMinutes(2);
  public static final int DEFAULT_PAYLOAD_SIZE = 1024;

  private final String brokerUri;
  private final String topic;
  private final String group;
  private final int rate;
  private final Duration duration;
  private final Duration warmup;
  private final int producers;
  private final int consumers;
  private final int payloadSize;
  private final Path payloadFile;
  private final int batch;
  private final long maxLength;
  private final Overflow overflow;
  private final int maxInFlight;
  private final int prefetch;
  private final Duration redeliverAfter;
  private final Duration drainTimeout;
  private final Duration brokerWait;
  private final Duration handleTime;
  private final Duration killConsumerAfter;
  private final CpuPolicy cpuPolicy;
  private final Thresholds thresholds;

  private LoadTestConfig(Builder b) {
    this.brokerUri = b.brokerUri;
    this.topic = b.topic;
    this.group = b.group;
    this.rate = b.rate;
    this.duration = b.duration;
    this.warmup = b.warmup;
    this.producers = b.producers;
    this.consumers = b.consumers;
    this.payloadSize = b.payloadSize;
    this.payloadFile = b.payloadFile;
    this.batch = b.batch;
    this.maxLength = b.maxLength;
    this.overflow = b.overflow;
    this.maxInFlight = b.maxInFlight;
    this.prefetch = b.prefetch;
    this.redeliverAfter = b.redeliverAfter;
    this.drainTimeout = b.drainTimeout;
    this.brokerWait = b.brokerWait;
    this.handleTime = b.handleTime;
    this.killConsumerAfter = b.killConsumerAfter;
    this.cpuPolicy = b.cpuPolicy != null ? b.cpuPolicy : CpuPolicy.defaultFor(b.rate);
    this.thresholds = b.thresholds;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The broker URI as given: may hold a password, never print it (see {@link #redactedUri}). */
  public String brokerUri() {
    return brokerUri;
  }

  /** The broker URI with the password masked. */
  public String redactedUri() {
    try {
      return BrokerConfig.parse(brokerUri).redactedUri();
    } catch (BrokerException e) {
      return "(invalid URI)";
    }
  }

  public String topic() {
    return topic;
  }

  public String group() {
    return group;
  }

  /** Messages per second over all producers; 0 = as fast as the broker confirms. */
  public int rate() {
    return rate;
  }

  public Duration duration() {
    return duration;
  }

  public Duration warmup() {
    return warmup;
  }

  public int producers() {
    return producers;
  }

  /** Consumers in the group; 0 = publish only (nothing received, loss not counted). */
  public int consumers() {
    return consumers;
  }

  /** Payload bytes per message; ignored when {@link #payloadFile()} is set. */
  public int payloadSize() {
    return payloadSize;
  }

  /** A real payload (a JPEG frame) sent as every message, or {@code null}. */
  public Path payloadFile() {
    return payloadFile;
  }

  /** Messages a producer sends back to back per step (a burst at fixed rates). */
  public int batch() {
    return batch;
  }

  public long maxLength() {
    return maxLength;
  }

  public Overflow overflow() {
    return overflow;
  }

  /** Unconfirmed publishes per producer before publish waits; 0 = the API default. */
  public int maxInFlight() {
    return maxInFlight;
  }

  /** Consumer prefetch; 0 = the API default. */
  public int prefetch() {
    return prefetch;
  }

  /** How soon the messages of a stopped consumer come back to the group; null = API default. */
  public Duration redeliverAfter() {
    return redeliverAfter;
  }

  /** The drain stops when nothing new has arrived for this long. */
  public Duration drainTimeout() {
    return drainTimeout;
  }

  /** How long each consumer works on a message before returning (a detector's inference). */
  public Duration handleTime() {
    return handleTime;
  }

  /** How long the drain waits for a broker that does not answer (down, or Redis still loading). */
  public Duration brokerWait() {
    return brokerWait;
  }

  /** Fault injection: stop consumer 1 without acknowledging, this long after the start. */
  public Duration killConsumerAfter() {
    return killConsumerAfter;
  }

  /** The scheduling policy the CLI sets on its threads (see {@link CpuPolicy}). */
  public CpuPolicy cpuPolicy() {
    return cpuPolicy;
  }

  public Thresholds thresholds() {
    return thresholds;
  }

  /** Every setting, credentials masked: for the JSON report and the summary header. */
  public Map<String, Object> describe() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("broker", redactedUri());
    m.put("topic", topic);
    m.put("group", group);
    m.put("rate", rate);
    m.put("durationSeconds", seconds(duration));
    m.put("warmupSeconds", seconds(warmup));
    m.put("producers", producers);
    m.put("consumers", consumers);
    m.put("payloadSize", payloadSize);
    m.put("payloadFile", payloadFile == null ? null : payloadFile.toString());
    m.put("batch", batch);
    m.put("maxLength", maxLength);
    m.put("overflow", overflow.name());
    m.put("maxInFlight", maxInFlight);
    m.put("prefetch", prefetch);
    m.put("redeliverAfterSeconds", redeliverAfter == null ? null : seconds(redeliverAfter));
    m.put("drainTimeoutSeconds", seconds(drainTimeout));
    m.put("brokerWaitSeconds", seconds(brokerWait));
    m.put("handleTimeSeconds", seconds(handleTime));
    m.put(
        "killConsumerAfterSeconds", killConsumerAfter == null ? null : seconds(killConsumerAfter));
    m.put("cpuPolicy", cpuPolicy.linuxName());
    Map<String, Object> t = new LinkedHashMap<>();
    t.put("minRate", thresholds.minRate());
    Duration maxP99 = thresholds.maxP99();
    t.put("maxP99Micros", maxP99 == null ? null : maxP99.toNanos() / 1000);
    t.put("maxLost", thresholds.maxLost());
    t.put("maxFailed", thresholds.maxFailed());
    t.put("maxOutOfOrder", thresholds.maxOutOfOrder());
    m.put("thresholds", t);
    return m;
  }

  private static double seconds(Duration d) {
    return d.toNanos() / 1e9;
  }

  /** Mutable builder; every setter returns it. */
  public static final class Builder {
    private String brokerUri = "mem://";
    private String topic = DEFAULT_TOPIC;
    private String group = DEFAULT_GROUP;
    private int rate = DEFAULT_RATE;
    private Duration duration = DEFAULT_DURATION;
    private Duration warmup = DEFAULT_WARMUP;
    private int producers = 1;
    private int consumers = 3;
    private int payloadSize = DEFAULT_PAYLOAD_SIZE;
    private Path payloadFile;
    private int batch = 1;
    private long maxLength;
    private Overflow overflow = Overflow.REJECT;
    private int maxInFlight;
    private int prefetch;
    private Duration redeliverAfter;
    private Duration drainTimeout = DEFAULT_DRAIN_TIMEOUT;
    private Duration brokerWait = DEFAULT_BROKER_WAIT;
    private Duration handleTime = Duration.ZERO;
    private Duration killConsumerAfter;
    private CpuPolicy cpuPolicy; // null: CpuPolicy.defaultFor(rate)
    private Thresholds thresholds = Thresholds.DEFAULT;

    private Builder() {}

    public Builder brokerUri(String value) {
      brokerUri = value;
      return this;
    }

    public Builder topic(String value) {
      topic = value;
      return this;
    }

    public Builder group(String value) {
      group = value;
      return this;
    }

    public Builder rate(int value) {
      rate = value;
      return this;
    }

    public Builder duration(Duration value) {
      duration = value;
      return this;
    }

    public Builder warmup(Duration value) {
      warmup = value;
      return this;
    }

    public Builder producers(int value) {
      producers = value;
      return this;
    }

    public Builder consumers(int value) {
      consumers = value;
      return this;
    }

    public Builder payloadSize(int value) {
      payloadSize = value;
      return this;
    }

    public Builder payloadFile(Path value) {
      payloadFile = value;
      return this;
    }

    public Builder batch(int value) {
      batch = value;
      return this;
    }

    public Builder maxLength(long value) {
      maxLength = value;
      return this;
    }

    public Builder overflow(Overflow value) {
      overflow = value;
      return this;
    }

    public Builder maxInFlight(int value) {
      maxInFlight = value;
      return this;
    }

    public Builder prefetch(int value) {
      prefetch = value;
      return this;
    }

    public Builder redeliverAfter(Duration value) {
      redeliverAfter = value;
      return this;
    }

    public Builder handleTime(Duration value) {
      handleTime = value;
      return this;
    }

    public Builder brokerWait(Duration value) {
      brokerWait = value;
      return this;
    }

    public Builder drainTimeout(Duration value) {
      drainTimeout = value;
      return this;
    }

    public Builder killConsumerAfter(Duration value) {
      killConsumerAfter = value;
      return this;
    }

    public Builder cpuPolicy(CpuPolicy value) {
      cpuPolicy = value;
      return this;
    }

    public Builder thresholds(Thresholds value) {
      thresholds = value;
      return this;
    }

    /** Validates everything; throws {@link IllegalArgumentException} listing every problem. */
    public LoadTestConfig build() {
      List<String> problems = new ArrayList<>();
      if (brokerUri == null || brokerUri.isBlank()) {
        problems.add("--broker must not be empty (e.g. mem://, redis://localhost:6379)");
      }
      if (topic == null || topic.isBlank() || group == null || group.isBlank()) {
        problems.add("--topic and --group must not be empty");
      }
      if (rate < 0) {
        problems.add("--rate must be >= 0 (0 = as fast as possible), was " + rate);
      }
      if (!positive(duration)) {
        problems.add("--duration must be positive, was " + duration);
      }
      if (warmup == null || warmup.isNegative()) {
        problems.add("--warmup must be >= 0, was " + warmup);
      }
      if (producers < 1) {
        problems.add("--producers must be >= 1, was " + producers);
      }
      if (consumers < 0) {
        problems.add("--consumers must be >= 0 (0 = publish only), was " + consumers);
      }
      if (rate > 0 && rate < producers) {
        problems.add("--rate " + rate + " is below one message per second per producer");
      }
      if (payloadFile == null && payloadSize < 0) {
        problems.add("--payload-size must be >= 0, was " + payloadSize);
      }
      if (batch < 1) {
        problems.add("--batch must be >= 1, was " + batch);
      }
      if (maxLength < 0 || maxInFlight < 0 || prefetch < 0) {
        problems.add("--max-length, --max-in-flight and --prefetch must be >= 0 (0 = default)");
      }
      Objects.requireNonNull(overflow, "overflow");
      if (redeliverAfter != null && !positive(redeliverAfter)) {
        problems.add("--redeliver-after must be positive, was " + redeliverAfter);
      }
      if (handleTime == null || handleTime.isNegative()) {
        problems.add("--handle-time must be 0 or more, was " + handleTime);
      }
      if (!positive(brokerWait)) {
        problems.add("--broker-wait must be positive, was " + brokerWait);
      }
      if (!positive(drainTimeout)) {
        problems.add("--drain-timeout must be positive, was " + drainTimeout);
      }
      if (killConsumerAfter != null && consumers < 2) {
        problems.add("--kill-consumer-after needs --consumers 2 or more: someone must take over");
      }
      Objects.requireNonNull(thresholds, "thresholds");
      if (!problems.isEmpty()) {
        throw new IllegalArgumentException(String.join("; ", problems));
      }
      return new LoadTestConfig(this);
    }

    private static boolean positive(Duration d) {
      return d != null && !d.isNegative() && !d.isZero();
    }
  }
}
