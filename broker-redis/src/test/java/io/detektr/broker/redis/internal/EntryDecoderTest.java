package io.detektr.broker.redis.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.detektr.broker.Message;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The reading rules of docs/wire-format.md, case by case (RedisForeignEntryIT runs them live). */
@DisplayName("stream entry decoding")
class EntryDecoderTest {
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
  @DisplayName("this library's entry: payload and h: headers")
  void own() {
    var d = new EntryDecoder("frame").decode(entry("payload", JPEG, "h:camera-id", "cam-1"));
    assertThat(d.problem()).isNull();
    assertThat(d.packed()).isFalse();
    Message m = d.messages().get(0);
    assertThat(m.payload()).isEqualTo(JPEG);
    assertThat(m.headers().asMap()).isEqualTo(Map.of("camera-id", "cam-1"));
  }

  @Test
  @DisplayName("payloadField wins over payload, which then is a header if it is text")
  void payloadFieldFirst() {
    var d = new EntryDecoder("frame").decode(entry("payload", "text", "frame", JPEG));
    assertThat(d.messages().get(0).payload()).isEqualTo(JPEG);
    assertThat(d.messages().get(0).headers().asMap()).isEqualTo(Map.of("payload", "text"));
  }

  @Test
  @DisplayName("h:<name> wins over a plain field <name>")
  void prefixedWins() {
    var d = new EntryDecoder("payload").decode(entry("h:k", "prefixed", "k", "plain"));
    assertThat(d.messages().get(0).headers().asMap()).isEqualTo(Map.of("k", "prefixed"));
  }

  @Test
  @DisplayName("a binary name, a binary value or an empty name makes the entry undeliverable")
  void undeliverable() {
    assertThat(new EntryDecoder("payload").decode(entry(JPEG, "v")).problem())
        .contains("binary field(s) [\uFFFD\uFFFDx]");
    assertThat(new EntryDecoder("payload").decode(entry("img", JPEG, "a", "b")).problem())
        .isEqualTo(
            "entry from a foreign producer has binary field(s) [img] that are neither the"
                + " payload field 'payload' nor UTF-8 text; its fields: [img, a]. Set"
                + " payloadField to the field that holds the payload (e.g."
                + " redis://host:6379?payloadField=img)");
    assertThat(new EntryDecoder("payload").decode(entry("", "v")).problem()).isNotNull();
  }

  @Test
  @DisplayName("packs: detektr:pack always, a lone pack only as a valid version-1 pack")
  void packs() {
    byte[] v2 = EntryPack.encode(List.of(Message.of("a"), Message.of("b")));
    var d = new EntryDecoder("payload").decode(entry("detektr:pack", v2));
    assertThat(d.packed()).isTrue();
    assertThat(d.messages()).hasSize(2);
    byte[] v1 = v2.clone();
    v1[0] = EntryPack.LEGACY_VERSION;
    assertThat(new EntryDecoder("payload").decode(entry("pack", v1)).messages()).hasSize(2);
    byte[] binaryV2 = EntryPack.encode(List.of(Message.of(JPEG)));
    var notPack = new EntryDecoder("payload").decode(entry("pack", binaryV2));
    assertThat(notPack.problem()).contains("[pack]");
    var damaged = new EntryDecoder("payload").decode(entry("detektr:pack", v1));
    assertThat(damaged.messages().get(0).headers().get(EntryPack.ERROR_HEADER)).isPresent();
  }

  @Test
  @DisplayName("a trimmed entry has no body")
  void gone() {
    assertThat(new EntryDecoder("payload").decode(Map.of())).isNull();
    assertThat(new EntryDecoder("payload").decode(null)).isNull();
  }
}
