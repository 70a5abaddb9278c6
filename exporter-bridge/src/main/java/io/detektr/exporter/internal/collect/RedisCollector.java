package io.detektr.exporter.internal.collect;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.codec.StringCodec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Redis server statistics: {@code INFO} and, for the configured streams, {@code XINFO}. A scrape
 * costs two pipelined round trips whatever the number of streams: INFO with XINFO STREAM and XINFO
 * GROUPS of every stream, then XINFO CONSUMERS of every group found.
 *
 * <p>The connection is opened by the start-up read (see {@link ScrapeCollector#start}) and kept;
 * while Redis is down commands are rejected at once rather than queued, so a scrape answers {@code
 * redis_up 0} immediately.
 */
public final class RedisCollector extends ScrapeCollector {
  private final RedisClient client;
  private final RedisURI uri;
  private final String redacted;
  private final List<String> streams;
  private final String db;
  private CompletableFuture<StatefulRedisConnection<String, String>> connection;

  public RedisCollector(RedisURI uri, String redacted, List<String> streams, Duration timeout) {
    super("redis", timeout);
    this.uri = uri;
    this.redacted = redacted;
    this.streams = List.copyOf(streams);
    this.db = "db" + uri.getDatabase();
    this.client = RedisClient.create();
    client.setOptions(
        ClientOptions.builder()
            .autoReconnect(true)
            .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
            .socketOptions(SocketOptions.builder().connectTimeout(uri.getTimeout()).build())
            .timeoutOptions(TimeoutOptions.enabled(uri.getTimeout()))
            .build());
  }

  @Override
  public String target() {
    return redacted;
  }

  @Override
  protected String hint(Throwable error) {
    String m = messages(error);
    if (m.contains("DB index is out of range")) {
      return "Redis has no database "
          + uri.getDatabase()
          + " (its 'databases' setting is lower): fix the number after the host in the URI";
    }
    if (m.contains("WRONGPASS") || m.contains("invalid password") || m.contains("NOAUTH")) {
      return "Redis refused the credentials: check BROKER_PASSWORD (and BROKER_USERNAME) or the"
          + " URI's user:password";
    }
    if (m.contains("Connection refused")) {
      return "nothing listens at " + redacted + ": is redis-server running, is the port right?";
    }
    return null;
  }

  @Override
  protected void scrape(Samples out, long deadline) throws Exception {
    StatefulRedisConnection<String, String> conn = connect(deadline);
    RedisAsyncCommands<String, String> redis = conn.async();
    Map<String, RedisFuture<List<Object>>> streamInfo = new LinkedHashMap<>();
    Map<String, RedisFuture<List<Object>>> groupInfo = new LinkedHashMap<>();
    RedisFuture<String> info;
    RedisFuture<String> commandStats;
    conn.setAutoFlushCommands(false);
    try {
      info = redis.info();
      // not in INFO's default sections; redis_commands_total{cmd} and _duration_ come from it
      commandStats = redis.info("commandstats");
      for (String stream : streams) {
        streamInfo.put(stream, redis.xinfoStream(stream));
        groupInfo.put(stream, redis.xinfoGroups(stream));
      }
      conn.flushCommands();
    } finally {
      conn.setAutoFlushCommands(true);
    }
    RedisInfo.addTo(out, RedisInfo.parse(info.get(remainingNanos(deadline), TimeUnit.NANOSECONDS)));
    RedisInfo.commandStats(
        out, RedisInfo.parse(commandStats.get(remainingNanos(deadline), TimeUnit.NANOSECONDS)));

    List<String[]> groups = new ArrayList<>();
    for (String stream : streams) {
      List<Object> s = replyOrNull(streamInfo.get(stream), deadline);
      List<Object> g = replyOrNull(groupInfo.get(stream), deadline);
      if (s == null || g == null) {
        continue; // not created yet, or not a stream: nothing to report, not a failed scrape
      }
      RedisStreams.stream(out, db, stream, RedisStreams.fields(s));
      for (Object group : g) {
        Map<String, Object> fields = RedisStreams.fields(group);
        RedisStreams.group(out, db, stream, fields);
        groups.add(new String[] {stream, String.valueOf(fields.get("name"))});
      }
    }
    consumers(conn, groups, out, deadline);
  }

  private void consumers(
      StatefulRedisConnection<String, String> conn,
      List<String[]> groups,
      Samples out,
      long deadline)
      throws Exception {
    List<RedisFuture<List<Object>>> replies = new ArrayList<>();
    conn.setAutoFlushCommands(false);
    try {
      for (String[] g : groups) {
        replies.add(conn.async().xinfoConsumers(g[0], g[1]));
      }
      conn.flushCommands();
    } finally {
      conn.setAutoFlushCommands(true);
    }
    for (int i = 0; i < groups.size(); i++) {
      List<Object> consumers = replyOrNull(replies.get(i), deadline);
      if (consumers != null) {
        for (Object c : consumers) {
          RedisStreams.consumer(
              out, db, groups.get(i)[0], groups.get(i)[1], RedisStreams.fields(c));
        }
      }
    }
  }

  /** The reply, or null when Redis answered with an error (no such key, wrong type). */
  private static List<Object> replyOrNull(RedisFuture<List<Object>> future, long deadline)
      throws Exception {
    try {
      return future.get(remainingNanos(deadline), TimeUnit.NANOSECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RedisCommandExecutionException) {
        return null;
      }
      throw e;
    }
  }

  private StatefulRedisConnection<String, String> connect(long deadline) throws Exception {
    if (connection == null || connection.isCompletedExceptionally()) {
      connection = client.connectAsync(StringCodec.UTF8, uri).toCompletableFuture();
    }
    try {
      return connection.get(remainingNanos(deadline), TimeUnit.NANOSECONDS);
    } catch (ExecutionException e) {
      connection = null; // try again on the next scrape
      throw e;
    }
  }

  @Override
  public synchronized void close() {
    super.close();
    if (connection != null && connection.isDone() && !connection.isCompletedExceptionally()) {
      connection.join().close();
    }
    client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
  }
}
