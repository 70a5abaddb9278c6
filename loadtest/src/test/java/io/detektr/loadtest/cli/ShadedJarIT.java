package io.detektr.loadtest.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runnable jar as the README runs it: main class, merged provider registrations. */
class ShadedJarIT {
  @TempDir Path dir;

  @Test
  void runsTheMainJobOnTheInMemoryBroker() {
    JarRun run = JarRun.of(dir, "--duration", "1s", "--warmup", "0s");
    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.out()).contains("loadtest mem://", "lost", "PASSED", "SCHED_OTHER");
    // JNA's native part made it into the jar: the policy (default at a fixed rate) was set
    assertThat(run.err()).as(run.toString()).doesNotContain("warning");
  }

  @Test
  void everyProviderIsRegisteredInTheJar() {
    // Each provider jar has its own META-INF/services file: shading must merge them, not pick one.
    JarRun run = JarRun.of(dir, "--broker", "nosuch://host");
    assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
    assertThat(run.err()).contains("mem").contains("redis").contains("amqp");
  }
}
