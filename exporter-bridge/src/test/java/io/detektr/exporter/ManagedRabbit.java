package io.detektr.exporter;

import static org.awaitility.Awaitility.await;

import io.detektr.broker.tck.harness.RabbitServer;
import java.time.Duration;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One RabbitMQ node with the management plugin for the whole test run (the shared node of
 * TestServers has no plugins), stopped when the run ends.
 */
final class ManagedRabbit implements BeforeAllCallback {
  private static final ExtensionContext.Namespace NS =
      ExtensionContext.Namespace.create(ManagedRabbit.class);
  private static volatile ExtensionContext.Store root;

  @Override
  public void beforeAll(ExtensionContext context) {
    root = context.getRoot().getStore(NS);
  }

  static RabbitServer server() {
    if (root == null) {
      throw new IllegalStateException(
          "annotate the test class with" + " @ExtendWith(ManagedRabbit.class)");
    }
    return root.getOrComputeIfAbsent("rabbit", k -> startWithApi(), RabbitServer.class);
  }

  private static RabbitServer startWithApi() {
    RabbitServer s =
        RabbitServer.builder()
            .plugin("rabbitmq_management")
            // stats every second instead of 5 s, so queue depths show up quickly
            .config("collect_statistics_interval = 1000")
            .start();
    // the harness waits for the AMQP port; the management listener comes up a little later
    String overview = "http://127.0.0.1:" + s.managementPort() + "/api/overview";
    try {
      await()
          .atMost(Duration.ofSeconds(60))
          .ignoreExceptions()
          .until(() -> Http.rabbit("GET", overview, null).statusCode() == 200);
    } catch (RuntimeException e) {
      String output = s.output();
      s.close();
      throw new IllegalStateException(
          "the RabbitMQ management API did not answer on " + overview + "; node output:\n" + output,
          e);
    }
    return s;
  }

  /** The AMQP URI with the management port as a parameter, as an operator would write it. */
  static String uri() {
    RabbitServer s = server();
    return s.uri() + "?management-port=" + s.managementPort();
  }
}
