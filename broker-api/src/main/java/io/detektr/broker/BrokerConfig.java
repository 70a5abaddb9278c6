package io.detektr.broker;

import io.detektr.broker.internal.BrokerUris;
import io.detektr.broker.metrics.BrokerMetrics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Immutable connection settings: what the URI says plus client options. Build one with {@link
 * #builder(String)} or {@link #parse(String)}; change one with {@link #mutate()}.
 *
 * <p>URI form: {@code scheme://[user[:password]@]host[:port][,host[:port]...][/path][?k=v&...]},
 * e.g. {@code redis://localhost:6379/0}, {@code
 * amqp://app@rabbit1,rabbit2/frames?queueType=quorum}, {@code
 * redis-sentinel://s1:26379,s2:26379/0?masterId=frames}, {@code mem://}. The password is never
 * printed by {@link #toString()}.
 */
public final class BrokerConfig {
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
  public static final Duration DEFAULT_OPERATION_TIMEOUT = Duration.ofSeconds(10);

  /** 16 MiB: far above a JPEG frame, far below what either broker accepts. */
  public static final int DEFAULT_MAX_MESSAGE_BYTES = 16 * 1024 * 1024;

  private final String scheme;
  private final List<Endpoint> endpoints;
  private final String path;
  private final Map<String, String> parameters;
  private final String username;
  private final String password;
  private final Duration connectTimeout;
  private final Duration operationTimeout;
  private final int maxMessageBytes;
  private final String clientName;
  private final BrokerMetrics metrics;

  private BrokerConfig(Builder b) {
    this.scheme = b.scheme;
    this.endpoints = List.copyOf(b.endpoints);
    this.path = b.path;
    this.parameters = Map.copyOf(b.parameters);
    this.username = b.username;
    this.password = b.password;
    this.connectTimeout = b.connectTimeout;
    this.operationTimeout = b.operationTimeout;
    this.maxMessageBytes = b.maxMessageBytes;
    this.clientName = b.clientName;
    this.metrics = b.metrics;
  }

  /** Parses {@code uri} with default options. */
  public static BrokerConfig parse(String uri) {
    return builder(uri).build();
  }

  /** A builder preset from {@code uri}. */
  public static Builder builder(String uri) {
    return BrokerUris.parse(uri, new Builder());
  }

  /** A builder holding this config's values. */
  public Builder mutate() {
    Builder b = new Builder();
    b.scheme = scheme;
    b.endpoints = new ArrayList<>(endpoints);
    b.path = path;
    b.parameters = new java.util.LinkedHashMap<>(parameters);
    b.username = username;
    b.password = password;
    b.connectTimeout = connectTimeout;
    b.operationTimeout = operationTimeout;
    b.maxMessageBytes = maxMessageBytes;
    b.clientName = clientName;
    b.metrics = metrics;
    return b;
  }

  /** Lower-case scheme: {@code redis}, {@code amqp}, {@code mem}... */
  public String scheme() {
    return scheme;
  }

  /** The hosts in URI order; empty for {@code mem://}. */
  public List<Endpoint> endpoints() {
    return endpoints;
  }

  /** The URI path without the leading slash ("" when absent). */
  public String path() {
    return path;
  }

  /** URI query parameters: provider-specific options. */
  public Map<String, String> parameters() {
    return parameters;
  }

  public Optional<String> parameter(String name) {
    return Optional.ofNullable(parameters.get(name));
  }

  public Optional<String> username() {
    return Optional.ofNullable(username);
  }

  public Optional<String> password() {
    return Optional.ofNullable(password);
  }

  public Duration connectTimeout() {
    return connectTimeout;
  }

  public Duration operationTimeout() {
    return operationTimeout;
  }

  /**
   * The largest message a publisher sends: its payload plus the UTF-8 bytes of its header names and
   * values (not counting the {@code published-at} header the publisher stamps). A larger message
   * fails with {@link MessageTooLargeException} before anything is sent. {@link Headers} has limits
   * of its own on top.
   */
  public int maxMessageBytes() {
    return maxMessageBytes;
  }

  public String clientName() {
    return clientName;
  }

  public BrokerMetrics metrics() {
    return metrics;
  }

  /** The URI with the password masked: safe to log. */
  public String redactedUri() {
    return BrokerUris.format(this, true);
  }

  @Override
  public String toString() {
    return "BrokerConfig["
        + redactedUri()
        + ", connectTimeout="
        + connectTimeout
        + ", operationTimeout="
        + operationTimeout
        + ", maxMessageBytes="
        + maxMessageBytes
        + "]";
  }

  /** Mutable builder; {@link #build()} validates everything at once. */
  public static final class Builder {
    String scheme;
    List<Endpoint> endpoints = new ArrayList<>();
    String path = "";
    Map<String, String> parameters = new java.util.LinkedHashMap<>();
    String username;
    String password;
    Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
    Duration operationTimeout = DEFAULT_OPERATION_TIMEOUT;
    int maxMessageBytes = DEFAULT_MAX_MESSAGE_BYTES;
    String clientName = "detektr-broker";
    BrokerMetrics metrics = BrokerMetrics.NOOP;
    final List<String> parseProblems = new ArrayList<>();

    Builder() {}

    /** Used by the URI parser: records a problem reported by {@link #build()}. */
    public Builder problem(String problem) {
      parseProblems.add(problem);
      return this;
    }

    public Builder scheme(String value) {
      this.scheme = value;
      return this;
    }

    public Builder endpoints(List<Endpoint> value) {
      this.endpoints = new ArrayList<>(value);
      return this;
    }

    public Builder path(String value) {
      this.path = Objects.requireNonNull(value);
      return this;
    }

    public Builder parameter(String name, String value) {
      this.parameters.put(name, value);
      return this;
    }

    public Builder username(String value) {
      this.username = value;
      return this;
    }

    public Builder password(String value) {
      this.password = value;
      return this;
    }

    public Builder connectTimeout(Duration value) {
      this.connectTimeout = value;
      return this;
    }

    public Builder operationTimeout(Duration value) {
      this.operationTimeout = value;
      return this;
    }

    /** See {@link BrokerConfig#maxMessageBytes()}. */
    public Builder maxMessageBytes(int value) {
      this.maxMessageBytes = value;
      return this;
    }

    public Builder clientName(String value) {
      this.clientName = value;
      return this;
    }

    public Builder metrics(BrokerMetrics value) {
      this.metrics = value;
      return this;
    }

    public BrokerConfig build() {
      List<String> problems = new ArrayList<>(parseProblems);
      if (scheme == null || scheme.isBlank()) {
        problems.add(
            "the broker URI has no scheme; use e.g. redis://host:6379, amqp://host or mem://");
      }
      if (connectTimeout == null || connectTimeout.isNegative() || connectTimeout.isZero()) {
        problems.add("connectTimeout must be positive, was " + connectTimeout);
      }
      if (operationTimeout == null || operationTimeout.isNegative() || operationTimeout.isZero()) {
        problems.add("operationTimeout must be positive, was " + operationTimeout);
      }
      if (maxMessageBytes < 1) {
        problems.add("maxMessageBytes must be >= 1, was " + maxMessageBytes);
      }
      if (metrics == null) {
        problems.add("metrics must not be null; use BrokerMetrics.NOOP");
      }
      if (!problems.isEmpty()) {
        throw new BrokerConfigException(problems);
      }
      return new BrokerConfig(this);
    }
  }
}
