package io.detektr.broker.redis.internal;

import io.detektr.broker.BrokerException;
import io.detektr.broker.GroupStats;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/** A group's backlog from XINFO GROUPS: {@code lag}, {@code pending}, {@code consumers}. */
final class GroupInfo {
  private GroupInfo() {}

  static GroupStats read(
      RedisAsyncCommands<byte[], byte[]> redis,
      String topic,
      String group,
      Function<CompletionStage<List<Object>>, List<Object>> await) {
    List<Object> groups;
    try {
      groups = await.apply(redis.xinfoGroups(StreamFields.bytes(topic)));
    } catch (BrokerException e) {
      if (String.valueOf(e.getMessage()).contains("no such key")) {
        return new GroupStats(0, 0, 0);
      }
      throw e;
    }
    for (Object g : groups) {
      List<?> fields = (List<?>) g;
      if (group.equals(text(field(fields, "name")))) {
        return new GroupStats(
            number(field(fields, "lag")),
            number(field(fields, "pending")),
            number(field(fields, "consumers")));
      }
    }
    return new GroupStats(0, 0, 0);
  }

  private static Object field(List<?> fields, String name) {
    for (int i = 0; i + 1 < fields.size(); i += 2) {
      if (name.equals(text(fields.get(i)))) {
        return fields.get(i + 1);
      }
    }
    return null;
  }

  private static String text(Object o) {
    return o instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : String.valueOf(o);
  }

  /** -1 when Redis cannot tell (lag is nil after entries were deleted mid-range). */
  private static long number(Object o) {
    if (o instanceof Number n) {
      return n.longValue();
    }
    if (o instanceof byte[] || o instanceof String) {
      try {
        return Long.parseLong(text(o));
      } catch (NumberFormatException e) {
        return -1;
      }
    }
    return -1;
  }
}
