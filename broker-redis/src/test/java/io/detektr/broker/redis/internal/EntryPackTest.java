package io.detektr.broker.redis.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.detektr.broker.Headers;
import io.detektr.broker.Message;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("packed stream entries")
class EntryPackTest {
  @Test
  @DisplayName("messages come back in order, payloads byte for byte, headers unchanged")
  void roundTrip() {
    byte[] binary = new byte[256];
    for (int i = 0; i < binary.length; i++) {
      binary[i] = (byte) i;
    }
    List<Message> sent =
        List.of(
            Message.of("first").header(Headers.CAMERA_ID, "cam-1").header("note", "wert ✓ ü"),
            Message.of(new byte[0]),
            Message.of(binary).header(Headers.FRAME_ID, "42"));

    List<Message> got = EntryPack.decode(EntryPack.encode(sent));

    assertThat(got).hasSize(3);
    for (int i = 0; i < sent.size(); i++) {
      assertThat(got.get(i).payload()).isEqualTo(sent.get(i).payload());
      assertThat(got.get(i).headers().asMap()).isEqualTo(sent.get(i).headers().asMap());
    }
  }

  @Test
  @DisplayName("an unreadable pack is one message with the raw bytes and the reason, never dropped")
  void unreadable() {
    byte[] good = EntryPack.encode(List.of(Message.of("a"), Message.of("b")));
    Map<String, byte[]> bad =
        Map.of(
            "unknown pack version 9", with(good, 0, (byte) 9),
            "truncated", Arrays.copyOf(good, good.length - 1),
            "bad message count 0", new byte[] {EntryPack.VERSION, 0, 0, 0, 0},
            "1 bytes after the last message", Arrays.copyOf(good, good.length + 1),
            "A header name is empty; give every header a name",
                new byte[] {
                  EntryPack.VERSION,
                  0,
                  0,
                  0,
                  1,
                  0,
                  0,
                  0,
                  1,
                  0,
                  0,
                  0,
                  0,
                  0,
                  0,
                  0,
                  1,
                  'v',
                  0,
                  0,
                  0,
                  1,
                  'p'
                });
    bad.forEach(
        (reason, bytes) -> {
          List<Message> got = EntryPack.decode(bytes);
          assertThat(got).as(reason).hasSize(1);
          assertThat(got.get(0).payload()).isEqualTo(bytes);
          assertThat(got.get(0).headers().asMap()).containsEntry(EntryPack.ERROR_HEADER, reason);
        });
  }

  @Test
  @DisplayName("a version-1 pack is read only when complete and valid; otherwise it is no pack")
  void legacy() {
    byte[] v2 = EntryPack.encode(List.of(Message.of("a").header("k", "v"), Message.of("b")));
    byte[] v1 = with(v2, 0, EntryPack.LEGACY_VERSION);
    assertThat(EntryPack.decodeLegacy(v1)).hasSize(2);
    assertThat(EntryPack.decodeLegacy(v1).get(0).headers().asMap()).isEqualTo(Map.of("k", "v"));
    assertThat(EntryPack.decodeLegacy(v2)).isNull();
    assertThat(EntryPack.decodeLegacy(Arrays.copyOf(v1, v1.length + 1))).isNull();
    assertThat(EntryPack.decodeLegacy("six-pack".getBytes())).isNull();
    assertThat(EntryPack.decodeLegacy(new byte[0])).isNull();
  }

  @Test
  @DisplayName("header text that is not UTF-8 makes a pack unreadable")
  void headerNotUtf8() {
    byte[] good = EntryPack.encode(List.of(Message.of("a").header("k", "v")));
    // version, count, header count, name length 1, 'k': the name's one byte is at index 13
    byte[] bad = with(good, 13, (byte) 0xFF);
    assertThat(EntryPack.decode(bad).get(0).headers().asMap())
        .containsEntry(EntryPack.ERROR_HEADER, "header text is not UTF-8");
  }

  private static byte[] with(byte[] bytes, int index, byte value) {
    byte[] copy = bytes.clone();
    copy[index] = value;
    return copy;
  }
}
