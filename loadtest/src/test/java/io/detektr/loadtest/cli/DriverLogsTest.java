package io.detektr.loadtest.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

class DriverLogsTest {
  @Test
  void countsTheProvidersWarningsAndKeepsTheFirst() {
    Logger provider = Logger.getLogger("io.detektr.broker.redis.internal.Example");
    DriverLogs.quiet();
    assertThat(DriverLogs.providerWarnings()).isEmpty();

    provider.info("connected"); // below WARNING: not counted
    provider.log(Level.WARNING, "consumer c1 of t/g: {0}; retrying in 50 ms", "read timed out");
    provider.warning("consumer c2 of t/g: connection reset; retrying in 50 ms");

    assertThat(DriverLogs.providerWarnings())
        .hasValueSatisfying(
            line ->
                assertThat(line)
                    .startsWith("2 warning(s) from the broker client")
                    .contains("consumer c1 of t/g: read timed out; retrying in 50 ms")
                    .doesNotContain("c2"));

    DriverLogs.quiet(); // a new run starts counting afresh
    assertThat(DriverLogs.providerWarnings()).isEmpty();
  }
}
