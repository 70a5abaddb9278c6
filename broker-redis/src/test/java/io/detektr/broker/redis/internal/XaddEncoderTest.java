package io.detektr.broker.redis.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.detektr.broker.Headers;
import io.detektr.broker.Message;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("XaddEncoder writes the same RESP as Lettuce's XADD with the StreamFields layout")
class XaddEncoderTest {
  private static final XaddCommand.Owner NOBODY =
      new XaddCommand.Owner() {
        @Override
        public void settled(XaddCommand command) {}

        @Override
        public Throwable translate(Throwable error) {
          return error;
        }
      };

  private static String encode(String topic, Message m) {
    ByteBuf buf = Unpooled.buffer();
    new XaddEncoder(topic).encode(m, NOBODY).encode(buf);
    return buf.toString(StandardCharsets.UTF_8);
  }

  @Test
  @DisplayName("payload first, then each header as h:<name>, lengths in bytes (UTF-8)")
  void layout() {
    Map<String, String> h = new LinkedHashMap<>();
    h.put("frame-id", "42");
    h.put("caméra", "été");
    Message m = Message.wrap("hello world".getBytes(StandardCharsets.UTF_8), Headers.of(h));
    assertThat(encode("topic-ü", m))
        .isEqualTo(
            "*9\r\n$4\r\nXADD\r\n$8\r\ntopic-ü\r\n$1\r\n*\r\n"
                + "$7\r\npayload\r\n$11\r\nhello world\r\n"
                + "$10\r\nh:frame-id\r\n$2\r\n42\r\n"
                + "$9\r\nh:caméra\r\n$5\r\nété\r\n");
  }

  @Test
  @DisplayName("an empty payload without headers is a complete command")
  void emptyPayload() {
    assertThat(encode("t", Message.wrap(new byte[0], Headers.empty())))
        .isEqualTo("*5\r\n$4\r\nXADD\r\n$1\r\nt\r\n$1\r\n*\r\n$7\r\npayload\r\n$0\r\n\r\n");
  }

  @Test
  @DisplayName("lengths of ten digits and more are written in full")
  void largePayload() {
    byte[] big = new byte[123_456];
    String resp = encode("t", Message.wrap(big, Headers.empty()));
    assertThat(resp).contains("$123456\r\n").endsWith("\r\n");
    assertThat(resp.length())
        .isEqualTo(
            "*5\r\n$4\r\nXADD\r\n$1\r\nt\r\n$1\r\n*\r\n$7\r\npayload\r\n$123456\r\n".length()
                + big.length
                + 2);
  }
}
