package io.detektr.loadtest.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

class UnitsTest {
  private final Units.DurationConverter durations = new Units.DurationConverter();
  private final Units.SizeConverter sizes = new Units.SizeConverter();

  @Test
  void durations() {
    assertThat(durations.convert("10s")).isEqualTo(Duration.ofSeconds(10));
    assertThat(durations.convert("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(durations.convert("1.5s")).isEqualTo(Duration.ofMillis(1500));
    assertThat(durations.convert("2m")).isEqualTo(Duration.ofMinutes(2));
    assertThat(durations.convert("3")).isEqualTo(Duration.ofSeconds(3));
    assertThat(durations.convert("PT1M")).isEqualTo(Duration.ofMinutes(1));
    assertThat(durations.convert("2ms")).isEqualTo(Duration.ofMillis(2));
    assertThatThrownBy(() -> durations.convert("10 parsecs"))
        .isInstanceOf(TypeConversionException.class);
  }

  @Test
  void sizes() {
    assertThat(sizes.convert("1024")).isEqualTo(1024);
    assertThat(sizes.convert("1KB")).isEqualTo(1024);
    assertThat(sizes.convert("100kb")).isEqualTo(102_400);
    assertThat(sizes.convert("1MiB")).isEqualTo(1_048_576);
    assertThatThrownBy(() -> sizes.convert("lots")).isInstanceOf(TypeConversionException.class);
  }
}
