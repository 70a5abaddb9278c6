package io.detektr.broker.tck;

import static org.assertj.core.api.Assertions.assertThat;

import io.detektr.broker.Brokers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The README's API example on mem:// (ReadmeExampleIT runs it on Redis and RabbitMQ). */
@DisplayName("README API example")
class ReadmeExampleTest {
  @Test
  @DisplayName("runs on mem://")
  void runsOnMemory() {
    assertThat(ReadmeExample.run(() -> Brokers.connect("mem://readme"))).containsExactly("42:1024");
  }

  @Test
  @DisplayName("the README quotes ReadmeExample's code")
  void readmeQuotesTheExample() throws IOException {
    Path root = Paths.get("").toAbsolutePath().getParent();
    String source =
        Files.readString(
            root.resolve("broker-tck/src/main/java/io/detektr/broker/tck/ReadmeExample.java"));
    int from = source.indexOf("\n    " + ReadmeExample.START); // the marker, not the constant
    String example =
        source
            .substring(
                from + 5 + ReadmeExample.START.length(), source.lastIndexOf(ReadmeExample.END))
            .replace("brokers.get()", "Brokers.fromEnvironment()");
    String readme = Files.readString(root.resolve("README.md"));
    int at = readme.indexOf("try (Broker broker = Brokers.fromEnvironment())");
    assertThat(at).as("the example in README.md").isPositive();
    String quoted = readme.substring(at, readme.indexOf("```", at));
    assertThat(code(quoted)).isEqualTo(code(example));
  }

  /** The code without comments and whitespace: formatting may differ, the code may not. */
  private static String code(String text) {
    return text.replaceAll("//[^\n]*", "").replaceAll("\\s+", "");
  }
}
