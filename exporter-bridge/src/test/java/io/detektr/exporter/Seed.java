package io.detektr.exporter;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.Consumer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.util.Map;

/** Puts known state into the real servers, so that scrapes have something to show. */
final class Seed {
  private Seed() {}

  /**
   * Stream {@code stream} with {@code entries} entries; group "detector" with consumer "det-1" that
   * read 2 and acked none; group "archiver" that read nothing.
   */
  static void redisStream(String redisUri, String stream, int entries) {
    RedisClient client = RedisClient.create(redisUri);
    try (StatefulRedisConnection<String, String> c = client.connect()) {
      RedisCommands<String, String> redis = c.sync();
      redis.del(stream);
      for (int i = 0; i < entries; i++) {
        redis.xadd(stream, Map.of("frame-id", Integer.toString(i)));
      }
      redis.xgroupCreate(
          XReadArgs.StreamOffset.from(stream, "0"),
          "detector",
          XGroupCreateArgs.Builder.mkstream());
      redis.xgroupCreate(XReadArgs.StreamOffset.from(stream, "0"), "archiver");
      assertThat(
              redis.xreadgroup(
                  Consumer.from("detector", "det-1"),
                  XReadArgs.Builder.count(2),
                  XReadArgs.StreamOffset.lastConsumed(stream)))
          .hasSize(2);
    } finally {
      client.shutdown();
    }
  }

  /** Queue {@code queue} in vhost "/" holding {@code messages} ready messages. */
  static void rabbitQueue(int managementPort, String queue, int messages) {
    String api = "http://127.0.0.1:" + managementPort + "/api";
    assertThat(Http.rabbit("PUT", api + "/queues/%2F/" + queue, "{\"durable\":true}").statusCode())
        .isIn(201, 204);
    for (int i = 0; i < messages; i++) {
      assertThat(
              Http.rabbit(
                      "POST",
                      api + "/exchanges/%2F/amq.default/publish",
                      "{\"properties\":{},\"routing_key\":\""
                          + queue
                          + "\",\"payload\":\"m"
                          + i
                          + "\","
                          + "\"payload_encoding\":\"string\"}")
                  .body())
          .contains("\"routed\":true");
    }
  }
}
