package io.detektr.broker.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.detektr.broker.MessageId;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.api.StatefulRedisConnection;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a stream back with {@code XRANGE} and checks that its entries are in publish order: the
 * entry ids of the publishes (a packed message's id is {@code <entry>/<index>}), in publish order
 * and without repeats, are exactly the stream's entry ids in stream order.
 */
final class StreamOrder {
  private static final int PAGE = 10_000;

  private StreamOrder() {}

  static void assertStoredInPublishOrder(String redisUri, String stream, List<MessageId> ids) {
    List<String> published = new ArrayList<>();
    for (MessageId id : ids) {
      String entry = id.value().split("/", 2)[0];
      if (published.isEmpty() || !published.get(published.size() - 1).equals(entry)) {
        published.add(entry);
      }
    }
    List<String> stored = read(redisUri, stream);
    assertThat(stored).as("entries in the stream").hasSameSizeAs(published);
    for (int i = 0; i < stored.size(); i++) {
      if (!stored.get(i).equals(published.get(i))) {
        throw new AssertionError(
            "stream "
                + stream
                + " is not in publish order: entry "
                + i
                + " is "
                + stored.get(i)
                + ", the publish at that place got "
                + published.get(i));
      }
    }
  }

  /**
   * For publishes of which some failed or were stored twice (a dropped connection re-sends what
   * awaited replies): the stream, keeping only the entries the confirmed publishes got, holds them
   * in publish order, and those entry ids rise in publish order.
   */
  static void assertConfirmedInPublishOrder(String redisUri, String stream, List<MessageId> ids) {
    List<String> confirmed = new ArrayList<>();
    for (MessageId id : ids) {
      String entry = id.value().split("/", 2)[0];
      if (confirmed.isEmpty() || !confirmed.get(confirmed.size() - 1).equals(entry)) {
        confirmed.add(entry);
      }
    }
    java.util.Set<String> wanted = new java.util.HashSet<>(confirmed);
    List<String> stored = read(redisUri, stream).stream().filter(wanted::contains).toList();
    assertThat(stored).as("confirmed entries, in stream order").isEqualTo(confirmed);
  }

  /**
   * Where the ids of publishes, in publish order, stop rising (entry id, then a packed message's
   * index): the first publish stored before an earlier one; null when they rise throughout.
   */
  static String firstFall(List<MessageId> ids) {
    long[] previous = null;
    String previousId = null;
    for (MessageId id : ids) {
      String[] entryAndIndex = id.value().split("/", 2);
      String[] msSeq = entryAndIndex[0].split("-", 2);
      long[] current = {
        Long.parseLong(msSeq[0]),
        Long.parseLong(msSeq[1]),
        entryAndIndex.length > 1 ? Long.parseLong(entryAndIndex[1]) : 0
      };
      if (previous != null && java.util.Arrays.compare(current, previous) <= 0) {
        return "publish confirmed as " + id.value() + " after one confirmed as " + previousId;
      }
      previous = current;
      previousId = id.value();
    }
    return null;
  }

  private static List<String> read(String redisUri, String stream) {
    RedisClient client = RedisClient.create(RedisURI.create(redisUri.replaceFirst("\\?.*$", "")));
    try (StatefulRedisConnection<String, String> c = client.connect()) {
      List<String> out = new ArrayList<>();
      Range.Boundary<String> from = Range.Boundary.unbounded();
      while (true) {
        List<StreamMessage<String, String>> page =
            c.sync().xrange(stream, Range.from(from, Range.Boundary.unbounded()), Limit.from(PAGE));
        page.forEach(m -> out.add(m.getId()));
        if (page.size() < PAGE) {
          return out;
        }
        from = Range.Boundary.excluding(page.get(page.size() - 1).getId());
      }
    } finally {
      client.shutdown();
    }
  }
}
