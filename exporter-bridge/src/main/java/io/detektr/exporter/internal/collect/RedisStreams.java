package io.detektr.exporter.internal.collect;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Samples of {@code XINFO STREAM / GROUPS / CONSUMERS} replies under redis_exporter's names and
 * labels ({@code db}, {@code stream}, {@code group}, {@code consumer}).
 */
final class RedisStreams {
  private RedisStreams() {}

  /** A flat XINFO reply {@code [name, value, name, value...]} as a map. */
  static Map<String, Object> fields(Object reply) {
    Map<String, Object> map = new HashMap<>();
    if (reply instanceof List<?> list) {
      for (int i = 0; i + 1 < list.size(); i += 2) {
        map.put(String.valueOf(list.get(i)), list.get(i + 1));
      }
    }
    return map;
  }

  static void stream(Samples out, String db, String stream, Map<String, Object> info) {
    out.gauge(
        "redis_stream_length",
        "Entries in the stream",
        number(info.get("length")),
        "db",
        db,
        "stream",
        stream);
    out.gauge(
        "redis_stream_groups",
        "Consumer groups of the stream",
        number(info.get("groups")),
        "db",
        db,
        "stream",
        stream);
  }

  static void group(Samples out, String db, String stream, Map<String, Object> g) {
    String group = String.valueOf(g.get("name"));
    String[] labels = {"db", db, "stream", stream, "group", group};
    out.gauge(
        "redis_stream_group_consumers",
        "Consumers of the group",
        number(g.get("consumers")),
        labels);
    out.gauge(
        "redis_stream_group_messages_pending",
        "Messages delivered to the group and not acknowledged",
        number(g.get("pending")),
        labels);
    // lag is nil when Redis cannot tell (after XDEL/XTRIM of unread entries): NaN, not 0
    out.gauge(
        "redis_stream_group_lag",
        "Entries of the stream the group has not read yet",
        number(g.get("lag")),
        labels);
    out.gauge(
        "redis_stream_group_entries_read",
        "Entries the group has read",
        number(g.get("entries-read")),
        labels);
  }

  static void consumer(Samples out, String db, String stream, String group, Map<String, Object> c) {
    String[] labels = {
      "db", db, "stream", stream, "group", group, "consumer", String.valueOf(c.get("name"))
    };
    out.gauge(
        "redis_stream_group_consumer_messages_pending",
        "Messages delivered to this consumer and not acknowledged",
        number(c.get("pending")),
        labels);
    out.gauge(
        "redis_stream_group_consumer_idle_seconds",
        "Seconds since the consumer last interacted with the group",
        number(c.get("idle")) / 1000.0,
        labels);
  }

  private static double number(Object value) {
    if (value instanceof Number n) {
      return n.doubleValue();
    }
    if (value == null) {
      return Double.NaN;
    }
    try {
      return Double.parseDouble(value.toString());
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }
}
