package io.detektr.exporter.internal.collect;

import java.util.HashMap;
import java.util.Map;

/**
 * The samples of one {@code INFO} reply, under redis_exporter's names, types and labels (as of
 * redis_exporter v1.88.0, exporter/exporter.go metricMapGauges / metricMapCounters and
 * exporter/info.go), so that its dashboards keep working. Only the fields an operator of a frame
 * queue acts on: clients, memory, commands, network, replication, evictions, keyspace and
 * persistence. Counter names are written without {@code _total}: the exposition adds it.
 */
final class RedisInfo {
  private RedisInfo() {}

  static Map<String, String> parse(String info) {
    Map<String, String> fields = new HashMap<>();
    for (String line : info.split("\r?\n")) {
      int colon = line.indexOf(':');
      if (colon > 0 && !line.startsWith("#")) {
        fields.put(line.substring(0, colon), line.substring(colon + 1).trim());
      }
    }
    return fields;
  }

  static void addTo(Samples out, Map<String, String> f) {
    gauge(out, f, "connected_clients", "redis_connected_clients", "Client connections");
    gauge(
        out,
        f,
        "blocked_clients",
        "redis_blocked_clients",
        "Clients blocked in a blocking call (XREADGROUP BLOCK)");
    gauge(out, f, "used_memory", "redis_memory_used_bytes", "Memory allocated by Redis");
    gauge(
        out,
        f,
        "used_memory_rss",
        "redis_memory_used_rss_bytes",
        "Memory the operating system gave Redis (resident set size)");
    gauge(
        out,
        f,
        "mem_fragmentation_ratio",
        "redis_mem_fragmentation_ratio",
        "used_memory_rss / used_memory");
    gauge(out, f, "maxmemory", "redis_memory_max_bytes", "maxmemory setting; 0 = no limit");
    // redis_exporter says _per_sec, which promtool's lint rejects as an abbreviated unit
    gauge(
        out,
        f,
        "instantaneous_ops_per_sec",
        "redis_instantaneous_ops_per_second",
        "Commands per second, as Redis samples it");
    gauge(out, f, "uptime_in_seconds", "redis_uptime_in_seconds", "Seconds since Redis started");
    counter(
        out,
        f,
        "total_commands_processed",
        "redis_commands_processed",
        "Commands processed by the server");
    counter(
        out,
        f,
        "total_connections_received",
        "redis_connections_received",
        "Connections accepted by the server");
    counter(
        out,
        f,
        "evicted_keys",
        "redis_evicted_keys",
        "Keys evicted because of the maxmemory limit");
    counter(out, f, "expired_keys", "redis_expired_keys", "Keys expired");
    counter(out, f, "keyspace_hits", "redis_keyspace_hits", "Key lookups that found the key");
    counter(out, f, "keyspace_misses", "redis_keyspace_misses", "Key lookups that did not");
    counter(
        out,
        f,
        "total_net_input_bytes",
        "redis_net_input_bytes",
        "Bytes Redis read from the network");
    counter(
        out,
        f,
        "total_net_output_bytes",
        "redis_net_output_bytes",
        "Bytes Redis wrote to the network");
    counter(
        out,
        f,
        "rejected_connections",
        "redis_rejected_connections",
        "Connections refused because of the maxclients limit");
    gauge(out, f, "connected_slaves", "redis_connected_slaves", "Replicas connected");
    gauge(
        out,
        f,
        "master_repl_offset",
        "redis_master_repl_offset",
        "Replication offset of the master (bytes)");
    gauge(out, f, "aof_enabled", "redis_aof_enabled", "1 if append-only file persistence is on");
    status(
        out,
        f,
        "aof_last_write_status",
        "redis_aof_last_write_status",
        "1 if the last AOF write succeeded");
    status(
        out,
        f,
        "aof_last_bgrewrite_status",
        "redis_aof_last_bgrewrite_status",
        "1 if the last AOF rewrite succeeded");
    status(
        out,
        f,
        "rdb_last_bgsave_status",
        "redis_rdb_last_bgsave_status",
        "1 if the last RDB save succeeded");
    gauge(
        out,
        f,
        "rdb_last_save_time",
        "redis_rdb_last_save_timestamp_seconds",
        "Unix time of the last successful RDB save");
    gauge(
        out,
        f,
        "rdb_changes_since_last_save",
        "redis_rdb_changes_since_last_save",
        "Writes since the last RDB save");
    keyspace(out, f);
  }

  /**
   * {@code INFO commandstats}: {@code cmdstat_xadd:calls=5,usec=40,...} -> {@code
   * redis_commands_total{cmd="xadd"} 5} and {@code redis_commands_duration_seconds_total{cmd}}.
   */
  static void commandStats(Samples out, Map<String, String> f) {
    f.entrySet().stream()
        .filter(e -> e.getKey().startsWith("cmdstat_"))
        .sorted(Map.Entry.comparingByKey())
        .forEach(
            e -> {
              String cmd = e.getKey().substring("cmdstat_".length());
              Map<String, String> kv = pairs(e.getValue());
              out.counter(
                  "redis_commands", "Calls per command", number(kv.get("calls")), "cmd", cmd);
              out.counter(
                  "redis_commands_duration_seconds",
                  "Seconds spent per command",
                  number(kv.get("usec")) / 1e6,
                  "cmd",
                  cmd);
            });
  }

  private static Map<String, String> pairs(String value) {
    Map<String, String> kv = new HashMap<>();
    for (String part : value.split(",")) {
      String[] p = part.split("=", 2);
      if (p.length == 2) {
        kv.put(p[0], p[1]);
      }
    }
    return kv;
  }

  /** {@code db0:keys=3,expires=0,avg_ttl=0} -> redis_db_keys{db="db0"} and _expiring. */
  private static void keyspace(Samples out, Map<String, String> f) {
    f.entrySet().stream()
        .filter(e -> e.getKey().matches("db\\d+"))
        .sorted(Map.Entry.comparingByKey())
        .forEach(
            e -> {
              Map<String, String> kv = pairs(e.getValue());
              out.gauge(
                  "redis_db_keys",
                  "Keys in the database",
                  number(kv.get("keys")),
                  "db",
                  e.getKey());
              out.gauge(
                  "redis_db_keys_expiring",
                  "Keys with an expiry in the database",
                  number(kv.get("expires")),
                  "db",
                  e.getKey());
            });
  }

  private static void gauge(
      Samples out, Map<String, String> f, String field, String name, String help) {
    if (f.containsKey(field)) {
      out.gauge(name, help, number(f.get(field)));
    }
  }

  private static void counter(
      Samples out, Map<String, String> f, String field, String name, String help) {
    if (f.containsKey(field)) {
      out.counter(name, help, number(f.get(field)));
    }
  }

  private static void status(
      Samples out, Map<String, String> f, String field, String name, String help) {
    if (f.containsKey(field)) {
      out.gauge(name, help, "ok".equals(f.get(field)) ? 1 : 0);
    }
  }

  private static double number(String text) {
    if (text == null) {
      return Double.NaN;
    }
    try {
      return Double.parseDouble(text);
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }
}
