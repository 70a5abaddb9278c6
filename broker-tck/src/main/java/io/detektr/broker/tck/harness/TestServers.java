package io.detektr.broker.tck.harness;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * JUnit extension that gives a whole test run one shared Redis and one shared RabbitMQ node,
 * started on first use and stopped when the run ends (they live in the root store). Set {@code
 * REDIS_URL} / {@code AMQP_URL} to use servers that are already running instead.
 *
 * <p>Tests that kill or restart servers start their own with {@link RedisServer#builder()} and
 * {@link RabbitServer#builder()}.
 */
public final class TestServers implements BeforeAllCallback {
  private static final ExtensionContext.Namespace NS =
      ExtensionContext.Namespace.create(TestServers.class);
  private static volatile ExtensionContext.Store root;

  @Override
  public void beforeAll(ExtensionContext context) {
    root = context.getRoot().getStore(NS);
  }

  /** The URI of the shared Redis: {@code REDIS_URL}, or a server started for this run. */
  public static String redisUri() {
    String env = System.getenv("REDIS_URL");
    if (env != null && !env.isBlank()) {
      return env;
    }
    return store().getOrComputeIfAbsent("redis", k -> RedisServer.start(), RedisServer.class).uri();
  }

  /** The URI of the shared RabbitMQ: {@code AMQP_URL}, or a node started for this run. */
  public static String amqpUri() {
    String env = System.getenv("AMQP_URL");
    if (env != null && !env.isBlank()) {
      return env;
    }
    return store()
        .getOrComputeIfAbsent("rabbit", k -> RabbitServer.start(), RabbitServer.class)
        .uri();
  }

  private static ExtensionContext.Store store() {
    if (root == null) {
      throw new IllegalStateException(
          "annotate the test class with"
              + " @ExtendWith(TestServers.class) to use the shared servers");
    }
    return root;
  }
}
