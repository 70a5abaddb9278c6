package io.detektr.loadtest;

import static org.assertj.core.api.Assertions.assertThat;

import io.detektr.broker.Headers;
import io.detektr.broker.Message;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class MessageStampTest {
  @Test
  void roundTripsThroughOneHeader() {
    MessageStamp stamp = new MessageStamp("3fa2c9d1", 4, 123_456_789L, -987_654_321L);
    Headers headers = stamp.headers(null);
    assertThat(headers.asMap()).containsOnlyKeys(MessageStamp.HEADER);
    assertThat(MessageStamp.read(headers, "3fa2c9d1")).isEqualTo(stamp);
  }

  @Test
  void keepsTheContentTypeOfAPayloadFile() {
    Headers headers = new MessageStamp("r", 0, 1, 2).headers("image/jpeg");
    assertThat(headers.get(Headers.CONTENT_TYPE)).contains("image/jpeg");
    assertThat(MessageStamp.read(headers, "r")).isEqualTo(new MessageStamp("r", 0, 1, 2));
  }

  @Test
  void ignoresOtherRunsAndMalformedStamps() {
    Headers other = new MessageStamp("run-a", 0, 1, 2).headers(null);
    assertThat(MessageStamp.read(other, "run-b")).isNull();
    assertThat(MessageStamp.read(other, "run")).isNull(); // a prefix of the run id is not the run
    for (String bad : new String[] {"run-b", "run-b:", "run-b:0:1", "run-b:x:1:2", "run-b:0:1:"}) {
      assertThat(MessageStamp.read(Headers.of(MessageStamp.HEADER, bad), "run-b")).as(bad).isNull();
    }
    assertThat(MessageStamp.read(Headers.empty(), "run-b")).isNull();
  }

  @Test
  void roundTripsThroughTheFrontOfAGeneratedPayloadAndLeavesTheRestAlone() {
    byte[] template = new byte[1024];
    Arrays.fill(template, (byte) 7);
    MessageStamp stamp = new MessageStamp("3fa2c9d1", 2, 42L, 1_234_567_890_123L);
    byte[] payload = stamp.payload(template);
    assertThat(payload).hasSize(1024);
    assertThat(Arrays.copyOfRange(payload, MessageStamp.PAYLOAD_BYTES, 1024))
        .isEqualTo(Arrays.copyOfRange(template, MessageStamp.PAYLOAD_BYTES, 1024));
    assertThat(template[0]).isEqualTo((byte) 7); // the template is not written to
    assertThat(MessageStamp.read(Message.wrap(payload), "3fa2c9d1")).isEqualTo(stamp);
    assertThat(MessageStamp.read(Message.wrap(payload), "3fa2c9d2")).isNull();
  }

  @Test
  void readsTheHeaderWhenThePayloadCarriesNoStamp() {
    MessageStamp stamp = new MessageStamp("r", 1, 2, 3);
    byte[] file = new byte[] {(byte) 0xff, (byte) 0xd8, 1, 2, 3}; // a JPEG's first bytes
    assertThat(MessageStamp.read(Message.wrap(file, stamp.headers("image/jpeg")), "r"))
        .isEqualTo(stamp);
    assertThat(MessageStamp.read(Message.wrap(new byte[64]), "r")).isNull();
  }
}
