package io.detektr.loadtest.selection;

import static org.assertj.core.api.Assertions.assertThat;

import io.detektr.broker.tck.harness.TestServers;
import java.io.File;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The same program, no code change, picks its broker from the class path and BROKER_URL: with only
 * broker-redis it gets Redis, with only broker-rabbitmq RabbitMQ, and a scheme whose provider is
 * missing fails with the module to add.
 */
@ExtendWith(TestServers.class)
class ProviderSelectionIT {
  private static final Predicate<String> REDIS_JARS =
      e ->
          e.contains("broker-redis")
              || e.contains("lettuce")
              || e.contains("netty")
              || e.contains("reactor")
              || e.contains("reactive-streams");
  private static final Predicate<String> RABBIT_JARS =
      e -> e.contains("broker-rabbitmq") || e.contains("amqp-client");

  @Test
  void redisOnlyClassPathGetsRedis() throws Exception {
    Run run = run(RABBIT_JARS, TestServers.redisUri());
    assertThat(run.exit).as(run.output).isZero();
    assertThat(run.output).contains("provider=redis payload=frame");
  }

  @Test
  void rabbitOnlyClassPathGetsRabbitMq() throws Exception {
    Run run = run(REDIS_JARS, TestServers.amqpUri());
    assertThat(run.exit).as(run.output).isZero();
    assertThat(run.output).contains("provider=rabbitmq payload=frame");
  }

  @Test
  void missingProviderNamesTheModuleToAdd() throws Exception {
    Run run = run(REDIS_JARS, "redis://127.0.0.1:1");
    assertThat(run.exit).isNotZero();
    assertThat(run.output)
        .contains("No broker provider for scheme 'redis'")
        .contains("found: [amqp, amqps, mem]")
        .contains("Add broker-redis to the class path");
  }

  /** Runs {@link SampleService} in a new JVM on this test's class path minus {@code without}. */
  private static Run run(Predicate<String> without, String brokerUrl) throws Exception {
    String classPath =
        Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
            .filter(without.negate())
            // the CLI's own classes or shaded jar (failsafe uses the jar) bundle both providers
            .filter(e -> !e.contains("loadtest/target/") || e.endsWith("test-classes"))
            .collect(Collectors.joining(File.pathSeparator));
    ProcessBuilder pb =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                classPath,
                SampleService.class.getName())
            .redirectErrorStream(true);
    pb.environment().put("BROKER_URL", brokerUrl);
    Process p = pb.start();
    String output = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
    }
    return new Run(p.exitValue(), output);
  }

  private record Run(int exit, String output) {}
}
