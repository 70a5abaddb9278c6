package io.detektr.broker.redis.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.detektr.broker.Message;
import io.detektr.broker.tck.interop.PythonScript;
import io.detektr.broker.tck.interop.ScriptOutput;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The reference reader interop/python/detektr_wire.py and {@link EntryDecoder} give the same
 * messages, or the same dead-letter reason, for the same fields: one reading of the wire format.
 */
@DisplayName("detektr_wire.decode_entry agrees with the Java reader")
class EntryDecoderPythonAgreementTest {
  private static final byte[] JPEG = {(byte) 0xFF, (byte) 0xD8, 'x'};

  private static Map<byte[], byte[]> entry(Object... pairs) {
    Map<byte[], byte[]> m = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      m.put(bytes(pairs[i]), bytes(pairs[i + 1]));
    }
    return m;
  }

  private static byte[] bytes(Object o) {
    return o instanceof byte[] b ? b : o.toString().getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void sameReading() {
    byte[] v2 = EntryPack.encode(List.of(Message.of("a").header("k", "v"), Message.of(JPEG)));
    byte[] v1 = v2.clone();
    v1[0] = EntryPack.LEGACY_VERSION;
    List<Object[]> cases =
        List.of(
            new Object[] {"payload", entry("payload", JPEG, "h:camera-id", "cam-1")},
            new Object[] {"frame", entry("frame", JPEG, "camera_id", "cam-1", "n", "42")},
            new Object[] {"frame", entry("payload", "text", "frame", JPEG)},
            new Object[] {"payload", entry("payload", JPEG, "frame", "text")},
            new Object[] {"payload", entry("h:k", "prefixed", "k", "plain")},
            new Object[] {"payload", entry("camera_id", "cam-1", "note", "wert ✓")},
            new Object[] {"payload", entry("pack", "six-pack")},
            new Object[] {"payload", entry("pack", EntryPack.encode(List.of(Message.of(JPEG))))},
            new Object[] {"pack", entry("pack", new byte[] {1, 0, 0, 0, 1, (byte) 0xFF})},
            new Object[] {"payload", entry("pack", v1)},
            new Object[] {"payload", entry("detektr:pack", v2)},
            new Object[] {"payload", entry("detektr:pack", v1)},
            new Object[] {"payload", entry("detektr:pack", new byte[] {2, 0, 0, 0, 0})},
            new Object[] {"payload", entry("detektr:pack", new byte[] {2, 0, 0, 0, 1, 0})},
            new Object[] {"payload", entry("detektr:pack", new byte[0])},
            new Object[] {"payload", entry("frame", JPEG, "camera_id", "cam-1")},
            new Object[] {"payload", entry(JPEG, "v", "a", "b")},
            new Object[] {"payload", entry("", "v")},
            new Object[] {"payload", entry("h:", "v")});
    for (Object[] c : cases) {
      String payloadField = (String) c[0];
      @SuppressWarnings("unchecked")
      Map<byte[], byte[]> fields = (Map<byte[], byte[]>) c[1];
      List<String> args = new ArrayList<>(List.of(payloadField));
      fields.forEach((k, v) -> args.add(PythonScript.hex(k) + "=" + PythonScript.hex(v)));
      ScriptOutput python = PythonScript.run("decode_fields.py", args.toArray(String[]::new));
      EntryDecoder.Decoded java = new EntryDecoder(payloadField).decode(fields);
      String what = String.join(" ", args);
      if (java.problem() != null) {
        assertThat(python.info()).as(what).containsEntry("problem", java.problem());
        continue;
      }
      assertThat(python.messages()).as(what).hasSameSizeAs(java.messages());
      for (int i = 0; i < java.messages().size(); i++) {
        assertThat(python.messages().get(i).payload())
            .as(what)
            .isEqualTo(java.messages().get(i).payload());
        assertThat(python.messages().get(i).headers())
            .as(what)
            .isEqualTo(java.messages().get(i).headers());
      }
    }
  }
}
