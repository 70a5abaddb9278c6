package io.detektr.broker.redis.internal;

import io.detektr.broker.BrokerConfig;
import io.detektr.broker.BrokerConfigException;
import io.detektr.broker.Endpoint;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SslVerifyMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Turns a {@link BrokerConfig} into Lettuce's {@link RedisURI}; reports every problem at once. The
 * one Redis URI grammar of the project: the provider and exporter-bridge's collector both read URIs
 * here.
 */
public final class RedisUris {
  /** {@code redis-sentinel://...?masterId=NAME}: the master's name at the sentinels. */
  public static final String MASTER_ID = "masterId";

  /** {@code rediss://...?verifyPeer=full|ca|none} ({@code false} = none). */
  public static final String VERIFY_PEER = "verifyPeer";

  /** {@code redis-sentinel://...?sentinelPassword=...}. */
  public static final String SENTINEL_PASSWORD = "sentinelPassword";

  /** {@code ?pack=N}, see {@link #pack}. */
  public static final String PACK = "pack";

  static final int DEFAULT_PORT = 6379;
  static final int DEFAULT_SENTINEL_PORT = 26379;
  static final int MAX_PACK = 1024;

  /** The URI option naming the field of a foreign producer's entries that holds the payload. */
  static final String PAYLOAD_FIELD_OPTION = "payloadField";

  private RedisUris() {}

  public static RedisURI toRedisUri(BrokerConfig config) {
    List<String> problems = new ArrayList<>();
    boolean sentinel = config.scheme().equals("redis-sentinel");
    if (config.endpoints().isEmpty()) {
      problems.add("the Redis URI names no host; use e.g. redis://localhost:6379");
    }
    if (!sentinel && config.endpoints().size() > 1) {
      problems.add(
          "redis:// takes one host, got "
              + config.endpoints()
              + "; for several use"
              + " redis-sentinel://s1:26379,s2:26379/0?masterId=NAME");
    }
    String masterId = config.parameter(MASTER_ID).orElse(null);
    if (sentinel && (masterId == null || masterId.isBlank())) {
      problems.add("redis-sentinel:// needs the master's name: add ?masterId=NAME");
    }
    int database = 0;
    if (!config.path().isEmpty()) {
      try {
        database = Integer.parseInt(config.path());
      } catch (NumberFormatException e) {
        problems.add("the Redis URI path must be a database number, was '" + config.path() + "'");
      }
    }
    SslVerifyMode verify = SslVerifyMode.FULL;
    String verifyParam = config.parameter(VERIFY_PEER).orElse("full").toUpperCase(Locale.ROOT);
    try {
      verify = SslVerifyMode.valueOf(verifyParam.equals("FALSE") ? "NONE" : verifyParam);
    } catch (IllegalArgumentException e) {
      problems.add(
          "verifyPeer must be full, ca or none, was '"
              + verifyParam.toLowerCase(Locale.ROOT)
              + "'");
    }
    try {
      pack(config);
    } catch (IllegalArgumentException e) {
      problems.add(e.getMessage());
    }
    try {
      payloadField(config);
    } catch (IllegalArgumentException e) {
      problems.add(e.getMessage());
    }
    if (!problems.isEmpty()) {
      throw new BrokerConfigException(problems);
    }
    RedisURI.Builder b;
    if (sentinel) {
      Endpoint first = config.endpoints().get(0);
      CharSequence sentinelPassword = config.parameter(SENTINEL_PASSWORD).orElse(null);
      b =
          RedisURI.Builder.sentinel(
              first.host(), first.portOr(DEFAULT_SENTINEL_PORT), masterId, sentinelPassword);
      for (Endpoint e : config.endpoints().subList(1, config.endpoints().size())) {
        b.withSentinel(e.host(), e.portOr(DEFAULT_SENTINEL_PORT), sentinelPassword);
      }
    } else {
      Endpoint e = config.endpoints().get(0);
      b = RedisURI.Builder.redis(e.host(), e.portOr(DEFAULT_PORT));
      if (config.scheme().equals("rediss")) {
        b.withSsl(true).withVerifyPeer(verify);
      }
    }
    b.withDatabase(database)
        .withTimeout(config.operationTimeout())
        .withClientName(config.clientName());
    if (config.password().isPresent()) {
      if (config.username().isPresent()) {
        b.withAuthentication(config.username().get(), config.password().get());
      } else {
        b.withPassword(config.password().get());
      }
    }
    return b.build();
  }

  /**
   * The {@code pack=N} option: up to N messages per stream entry (see {@link EntryPack}); 1, the
   * default, writes one entry per message, the layout any Redis client reads.
   */
  static int pack(BrokerConfig config) {
    String value = config.parameter(PACK).orElse("1");
    int n;
    try {
      n = Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      n = 0;
    }
    if (n < 1 || n > MAX_PACK) {
      throw new IllegalArgumentException(
          "pack must be a number of messages per stream entry from 1 (no packing) to "
              + MAX_PACK
              + ", e.g. ?pack=32; was '"
              + value
              + "'");
    }
    return n;
  }

  /**
   * The {@code payloadField=NAME} option (default {@code payload}): the field of an entry written
   * by another producer that holds the payload; see {@link EntryDecoder}.
   */
  static String payloadField(BrokerConfig config) {
    String value = config.parameter(PAYLOAD_FIELD_OPTION).orElse("payload");
    if (value.isEmpty()
        || value.startsWith("h:")
        || value.equals(new String(EntryPack.FIELD, java.nio.charset.StandardCharsets.UTF_8))) {
      throw new IllegalArgumentException(
          PAYLOAD_FIELD_OPTION
              + " must name the stream entry field that holds the payload, e.g."
              + " ?payloadField=frame; it cannot be empty, start with 'h:' (header fields) or be"
              + " 'detektr:pack'; was '"
              + value
              + "'");
    }
    return value;
  }

  /** The hosts a config names, for messages: {@code 127.0.0.1:6379}. */
  static String hosts(BrokerConfig config) {
    int defaultPort =
        config.scheme().equals("redis-sentinel") ? DEFAULT_SENTINEL_PORT : DEFAULT_PORT;
    List<String> out = new ArrayList<>();
    for (Endpoint e : config.endpoints()) {
      out.add(e.host() + ":" + e.portOr(defaultPort));
    }
    return String.join(",", out);
  }
}
