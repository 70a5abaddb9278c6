package io.detektr.loadtest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * The bytes every message carries: generated random bytes of the requested size (not compressible,
 * like a JPEG), or a real file. They are shared by all messages (the API treats payloads as
 * read-only), except that a small generated payload is copied per message with its stamp in front
 * (see {@link MessageStamp}).
 */
record Payload(byte[] bytes, String contentType, boolean generated) {
  static Payload of(LoadTestConfig config) {
    Path file = config.payloadFile();
    if (file != null) {
      try {
        String name = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        boolean jpeg = name.endsWith(".jpg") || name.endsWith(".jpeg");
        return new Payload(Files.readAllBytes(file), jpeg ? "image/jpeg" : null, false);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read --payload-file " + file + ": " + e, e);
      }
    }
    byte[] bytes = new byte[config.payloadSize()];
    new Random(42).nextBytes(bytes);
    return new Payload(bytes, null, true);
  }
}
