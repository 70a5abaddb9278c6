package io.detektr.broker.redis.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.detektr.broker.Message;
import io.detektr.broker.tck.interop.PythonScript;
import java.io.IOException;
import java.nio.file.Files;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The byte-by-byte pack example of docs/wire-format.md is what the encoder writes. */
@DisplayName("docs/wire-format.md pack example")
class WireFormatDocTest {
  @Test
  void packExampleIsExact() throws IOException {
    String doc =
        Files.readString(
            PythonScript.interopDir().getParent().getParent().resolve("docs/wire-format.md"));
    int at = doc.indexOf("in hex:");
    int start = doc.indexOf("```\n", at) + 4;
    String hex = doc.substring(start, doc.indexOf("```", start)).replaceAll("\\s+", "");
    byte[] example = HexFormat.of().parseHex(hex);
    List<Message> messages = List.of(Message.of("a").header("k", "v"), Message.of(new byte[0]));
    assertThat(example).isEqualTo(EntryPack.encode(messages));
    List<Message> decoded = EntryPack.decode(example);
    assertThat(decoded.get(0).payloadAsString()).isEqualTo("a");
    assertThat(decoded.get(0).headers().asMap()).isEqualTo(Map.of("k", "v"));
    assertThat(decoded.get(1).payload()).isEmpty();
  }
}
