package io.detektr.loadtest;

import static org.assertj.core.api.Assertions.assertThat;

import io.detektr.broker.Headers;
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
}
