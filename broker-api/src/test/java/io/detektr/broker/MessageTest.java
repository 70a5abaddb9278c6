package io.detektr.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class MessageTest {
  @Test
  void ofCopiesThePayloadAndHeadersAreImmutable() {
    byte[] bytes = {1, 2, 3};
    Message m = Message.of(bytes).header(Headers.CAMERA_ID, "cam-1");
    bytes[0] = 9;
    assertThat(m.payload()).containsExactly(1, 2, 3);
    Message n = m.header(Headers.FRAME_ID, "7");
    assertThat(m.headers().asMap()).containsOnlyKeys(Headers.CAMERA_ID);
    assertThat(n.headers().asMap()).containsOnlyKeys(Headers.CAMERA_ID, Headers.FRAME_ID);
    assertThatThrownBy(() -> n.headers().asMap().put("x", "y"))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void singleHeaderBehavesLikeAMapOfOne() {
    Headers one = Headers.of(Headers.FRAME_ID, "7");
    assertThat(one).isEqualTo(Headers.of(java.util.Map.of(Headers.FRAME_ID, "7")));
    assertThat(one.with(Headers.CAMERA_ID, "cam-1").asMap())
        .containsExactly(
            java.util.Map.entry(Headers.FRAME_ID, "7"),
            java.util.Map.entry(Headers.CAMERA_ID, "cam-1"));
    assertThatThrownBy(() -> one.asMap().put("x", "y"))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> Headers.of("", "v")).isInstanceOf(BrokerConfigException.class);
    assertThatThrownBy(() -> Headers.of("n", null))
        .isInstanceOf(BrokerConfigException.class)
        .hasMessageContaining("'n'");
  }

  @Test
  void wrapSharesTheArrayAndEqualityIsByContent() {
    byte[] bytes = {4, 5};
    assertThat(Message.wrap(bytes).payload()).isSameAs(bytes);
    assertThat(Message.of("a").header("k", "v")).isEqualTo(Message.of("a").header("k", "v"));
    assertThat(Message.of("a")).isNotEqualTo(Message.of("b"));
  }

  @Test
  void optionsValidateAndCopyOnChange() {
    PublisherOptions p = PublisherOptions.defaults().maxLength(10).overflow(Overflow.DROP_OLDEST);
    assertThat(PublisherOptions.defaults().maxLength()).isZero();
    assertThat(p.maxLength()).isEqualTo(10);
    assertThat(p.overflow()).isEqualTo(Overflow.DROP_OLDEST);
    assertThatThrownBy(() -> p.maxLength(-1)).isInstanceOf(BrokerConfigException.class);
    SubscriptionOptions s =
        SubscriptionOptions.defaults()
            .concurrency(4)
            .maxAttempts(2)
            .redeliverAfter(Duration.ofSeconds(3));
    assertThat(s.deadLetterTopicFor("frames")).isEqualTo("frames.dlq");
    assertThat(s.deadLetterTopic("errors").deadLetterTopicFor("frames")).isEqualTo("errors");
    assertThatThrownBy(() -> s.maxAttempts(0)).hasMessageContaining("maxAttempts");
    assertThatThrownBy(() -> s.redeliverAfter(Duration.ZERO)).hasMessageContaining("positive");
  }

  @Test
  void exceptionsSayWhetherRetryingHelps() {
    assertThat(new BrokerUnavailableException("down").isRetriable()).isTrue();
    assertThat(new BrokerFullException("full").isRetriable()).isTrue();
    assertThat(new MessageTooLargeException("big").isRetriable()).isFalse();
    assertThat(new BrokerConfigException("bad")).isInstanceOf(BrokerException.class);
  }
}
