package io.detektr.broker.redis;

import io.detektr.broker.tck.harness.RedisServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;

/**
 * A master, one replica and three sentinels on loopback, with short timeouts so a failover takes a
 * few seconds: down-after 1 s, failover-timeout 5 s.
 */
final class SentinelCluster implements AutoCloseable {
  static final String MASTER_ID = "frames-master";

  final RedisServer master;
  final RedisServer replica;
  final List<RedisServer> sentinels = new ArrayList<>();

  SentinelCluster() {
    master = RedisServer.builder().start();
    replica =
        RedisServer.builder()
            .arg("--replicaof", "127.0.0.1", Integer.toString(master.port()))
            .start();
    String conf =
        "sentinel monitor "
            + MASTER_ID
            + " 127.0.0.1 "
            + master.port()
            + " 2\n"
            + "sentinel down-after-milliseconds "
            + MASTER_ID
            + " 1000\n"
            + "sentinel failover-timeout "
            + MASTER_ID
            + " 5000\n"
            + "sentinel parallel-syncs "
            + MASTER_ID
            + " 1\n";
    for (int i = 0; i < 3; i++) {
      sentinels.add(RedisServer.builder().sentinel(conf).start());
    }
    // A failover needs the replica in sync and the sentinels to know each other (hello messages).
    Awaitility.await("replica in sync and sentinels acquainted")
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () ->
                info(replica, "master_link_status").equals("up")
                    && sentinels.stream()
                        .allMatch(
                            s ->
                                field(s, "num-other-sentinels").equals("2")
                                    && field(s, "num-slaves").equals("1")));
  }

  /** {@code redis-sentinel://127.0.0.1:p1,127.0.0.1:p2,127.0.0.1:p3/0?masterId=...}. */
  String uri() {
    StringBuilder s = new StringBuilder("redis-sentinel://");
    for (int i = 0; i < sentinels.size(); i++) {
      s.append(i == 0 ? "" : ",").append("127.0.0.1:").append(sentinels.get(i).port());
    }
    return s.append("/0?masterId=").append(MASTER_ID).toString();
  }

  /** The port the first sentinel names as master now. */
  int currentMasterPort() {
    List<?> addr =
        (List<?>) sentinels.get(0).command("SENTINEL", "get-master-addr-by-name", MASTER_ID);
    return Integer.parseInt(addr.get(1).toString());
  }

  private static String info(RedisServer server, String name) {
    for (String line : server.command("INFO", "replication").toString().split("\r?\n")) {
      if (line.startsWith(name + ":")) {
        return line.substring(name.length() + 1).trim();
      }
    }
    return "";
  }

  private static String field(RedisServer sentinel, String name) {
    List<?> fields = (List<?>) sentinel.command("SENTINEL", "master", MASTER_ID);
    for (int i = 0; i + 1 < fields.size(); i += 2) {
      if (name.equals(fields.get(i))) {
        return String.valueOf(fields.get(i + 1));
      }
    }
    return "";
  }

  @Override
  public void close() {
    sentinels.forEach(RedisServer::close);
    replica.close();
    master.close();
  }
}
