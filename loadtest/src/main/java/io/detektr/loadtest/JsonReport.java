package io.detektr.loadtest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes a {@link RunReport} as JSON: every figure plus the configuration (no credentials). */
public final class JsonReport {
  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private JsonReport() {}

  public static String toJson(RunReport report) {
    try {
      return MAPPER.writeValueAsString(report);
    } catch (IOException e) {
      throw new IllegalStateException("cannot serialize the report", e);
    }
  }

  /** Writes the report to {@code file}, creating parent directories. */
  public static void write(RunReport report, Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Files.writeString(file, toJson(report) + System.lineSeparator());
  }
}
