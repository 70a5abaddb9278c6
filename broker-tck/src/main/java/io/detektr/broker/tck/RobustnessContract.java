package io.detektr.broker.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.detektr.broker.Broker;
import io.detektr.broker.BrokerClosedException;
import io.detektr.broker.BrokerConfigException;
import io.detektr.broker.Delivery;
import io.detektr.broker.Headers;
import io.detektr.broker.Message;
import io.detektr.broker.MessageTooLargeException;
import io.detektr.broker.Publisher;
import io.detektr.broker.Subscription;
import io.detektr.broker.SubscriptionOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The contract where a caller gets things wrong: handlers that throw {@link Error}s, publishers
 * used after close, headers a broker cannot carry. Part of {@link BrokerContractSuite}, which
 * extends it.
 */
public abstract class RobustnessContract extends BrokerContract {
  private static final int MAX_VALUE_BYTES = Headers.MAX_VALUE_BYTES;

  @Nested
  @DisplayName("failing handlers: any Throwable is a failed attempt")
  class FailingHandlers {
    static Stream<Arguments> throwables() {
      return Stream.of(
          Arguments.of(
              "AssertionError",
              (Runnable)
                  () -> {
                    throw new AssertionError("frame 42 is not a JPEG");
                  },
              AssertionError.class,
              "frame 42 is not a JPEG"),
          Arguments.of(
              "StackOverflowError of a real deep recursion",
              (Runnable) () -> recurse(0),
              StackOverflowError.class,
              ""),
          Arguments.of(
              "OutOfMemoryError (a VirtualMachineError) thrown by the handler",
              (Runnable)
                  () -> {
                    throw new OutOfMemoryError("frame buffer of 9 GB");
                  },
              OutOfMemoryError.class,
              "frame buffer of 9 GB"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("throwables")
    @DisplayName("is retried, dead-lettered with its class and message, and delivery goes on")
    void errorIsRetriedThenDeadLettered(
        String kind, Runnable failure, Class<? extends Error> expected, String expectedMessage) {
      broker.declareGroup(topic, "g");
      // prefetch 2 and three failing messages: a broker that leaves them unsettled stalls here
      SubscriptionOptions options =
          SubscriptionOptions.defaults()
              .maxAttempts(2)
              .prefetch(2)
              .redeliverAfter(Duration.ofSeconds(1));
      Map<String, List<Integer>> attempts = new ConcurrentHashMap<>();
      List<String> good = new CopyOnWriteArrayList<>();
      Received dead = new Received();
      List<String> sent = new ArrayList<>();
      for (int p = 0; p < 3; p++) {
        sent.add("poison-" + p);
        for (int g = 0; g < 4; g++) {
          sent.add("good-" + p + "-" + g);
        }
      }
      try (Subscription dlq =
              broker.subscribe(
                  options.deadLetterTopicFor(topic), SubscriptionOptions.DEAD_LETTER_GROUP, dead);
          Subscription s =
              broker.subscribe(
                  topic,
                  "g",
                  d -> {
                    String payload = d.message().payloadAsString();
                    if (payload.startsWith("poison")) {
                      attempts
                          .computeIfAbsent(payload, k -> new CopyOnWriteArrayList<>())
                          .add(d.attempt());
                      failure.run();
                    }
                    good.add(payload);
                  },
                  options)) {
        publishAll(topic, sent);
        dead.await(3, WAIT);
        Awaitility.await().atMost(WAIT).until(() -> good.size() >= 12);
        settle(1_500); // longer than redeliverAfter: a stuck delivery would come back meanwhile
      }
      assertThat(good).as("the subscription keeps delivering").hasSize(12).doesNotHaveDuplicates();
      assertThat(attempts)
          .as("attempts per failing message")
          .containsOnlyKeys("poison-0", "poison-1", "poison-2")
          .allSatisfy((payload, list) -> assertThat(list).containsExactly(1, 2));
      assertThat(dead.payloads()).containsExactlyInAnyOrder("poison-0", "poison-1", "poison-2");
      String className = expected.getName();
      for (Delivery letter : dead.all()) {
        Headers h = letter.message().headers();
        assertThat(h.get(Headers.DEAD_LETTER_REASON))
            .get()
            .asString()
            .contains(className)
            .contains(expectedMessage)
            .doesNotContain("never settled");
        assertThat(h.get(Headers.DEAD_LETTER_ATTEMPTS)).contains("2");
      }
      assertThat(metrics.count("retried", topic)).isEqualTo(3);
      assertThat(metrics.count("deadLettered", topic)).isEqualTo(3);
    }
  }

  @Nested
  @DisplayName("closed means closed")
  class ClosedMeansClosed {
    @Test
    @DisplayName("publishing on a closed publisher fails with BrokerClosedException; nothing sent")
    void publishAfterPublisherClose() {
      broker.declareGroup(topic, "g");
      Publisher p = broker.publisher(topic, publisherOptions());
      join(p, Message.of("before"));
      p.close();
      assertClosedFailure(publishFailure(p, Message.of("after close")));
      assertOnlyDelivered("before");
    }

    @Test
    @DisplayName("publishing on a publisher of a closed broker fails with BrokerClosedException")
    void publishAfterBrokerClose() {
      broker.declareGroup(topic, "g");
      Broker other = connect(config().build());
      Publisher p = other.publisher(topic, publisherOptions());
      join(p, Message.of("before"));
      other.close();
      assertClosedFailure(publishFailure(p, Message.of("after broker close")));
      assertClosedFailure(catchThrowable(() -> other.publisher(topic, publisherOptions())));
      assertOnlyDelivered("before");
    }

    private void assertClosedFailure(Throwable error) {
      assertThat(error).isInstanceOf(BrokerClosedException.class).hasMessageContaining("closed");
    }
  }

  @Nested
  @DisplayName("size and header limits, the same everywhere")
  class HeaderLimits {
    @Test
    @DisplayName("maxMessageBytes counts the payload plus header names and values")
    void maxMessageBytesCountsHeaders() {
      broker.declareGroup(topic, "g");
      try (Broker small = connect(config().maxMessageBytes(1024).build());
          Publisher p = small.publisher(topic, publisherOptions())) {
        // 1000 + "camera-id" (9) + 15 = 1024: fits; one more byte of header does not
        String payload = "f".repeat(1000);
        Message fits = Message.of(payload).header(Headers.CAMERA_ID, "x".repeat(15));
        Message over = Message.of(payload).header(Headers.CAMERA_ID, "x".repeat(16));
        assertThat(publishFailure(p, over))
            .isInstanceOf(MessageTooLargeException.class)
            .hasMessageContaining("1025")
            .hasMessageContaining("1024");
        join(p, fits);
      }
      assertOnlyDelivered("f".repeat(1000));
    }

    @Test
    @DisplayName("a header value over the limit fails with MessageTooLargeException naming it")
    void headerValueOverTheLimit() {
      broker.declareGroup(topic, "g");
      String atLimit = "v".repeat(MAX_VALUE_BYTES);
      try (Publisher p = broker.publisher(topic, publisherOptions())) {
        for (int size : new int[] {MAX_VALUE_BYTES + 1, 1024 * 1024}) {
          assertThat(publishFailure(p, Message.of("big").header("caption", "v".repeat(size))))
              .as("a value of %d bytes", size)
              .isInstanceOf(MessageTooLargeException.class)
              .hasMessageContaining("'caption'");
        }
        Map<String, String> many = new LinkedHashMap<>();
        for (int i = 0; i < 5; i++) {
          many.put("part-" + i, atLimit);
        }
        assertThat(publishFailure(p, Message.wrap("all".getBytes(), Headers.of(many))))
            .as("five values at the limit: over the limit of all headers together")
            .isInstanceOf(MessageTooLargeException.class)
            .hasMessageContaining("headers");
        join(p, Message.of("ok").header("caption", atLimit));
      }
      List<Delivery> got = assertOnlyDelivered("ok");
      assertThat(got.get(0).message().headers().get("caption")).contains(atLimit);
    }

    @Test
    @DisplayName("a null header name or value fails with BrokerConfigException naming it")
    void nullNameOrValue() {
      assertThatThrownBy(() -> Message.of("x").header(Headers.CAMERA_ID, null))
          .isInstanceOf(BrokerConfigException.class)
          .hasMessageContaining("'camera-id'");
      assertThatThrownBy(() -> Message.of("x").header(null, "cam-1"))
          .isInstanceOf(BrokerConfigException.class)
          .hasMessageContaining("null");
      Map<String, String> withNull = new HashMap<>();
      withNull.put(Headers.FRAME_ID, null);
      assertThatThrownBy(() -> Headers.of(withNull))
          .isInstanceOf(BrokerConfigException.class)
          .hasMessageContaining("'frame-id'");
    }

    static Stream<Arguments> uncarriableNames() {
      return Stream.of(
          Arguments.of("an empty name", ""),
          Arguments.of("a name of 256 bytes", "n".repeat(256)),
          Arguments.of("a name with a lone surrogate", "cam\uD800era"),
          Arguments.of("RabbitMQ's routing header CC", "CC"),
          Arguments.of("RabbitMQ's routing header BCC", "BCC"),
          Arguments.of("the delivery count a quorum queue sets", "x-delivery-count"),
          Arguments.of("the dead-letter history RabbitMQ keeps", "x-death"),
          Arguments.of("the provider's own attempt header", "detektr-attempt"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("uncarriableNames")
    @DisplayName("a name some broker cannot carry fails with BrokerConfigException, nothing sent")
    void uncarriableName(String why, String name) {
      broker.declareGroup(topic, "g");
      try (Publisher p = broker.publisher(topic, publisherOptions())) {
        Throwable error;
        try {
          // refused when the message is built, or else when it is published
          error = publishFailure(p, Message.of("bad").header(name, "v"));
        } catch (BrokerConfigException e) {
          error = e;
        }
        assertThat(error).isInstanceOf(BrokerConfigException.class);
        assertThat(error.getMessage()).containsIgnoringCase("header");
        if (!name.isEmpty()) {
          assertThat(error.getMessage()).contains(name.substring(0, Math.min(3, name.length())));
        }
        join(p, Message.of("ok").header("camera-id", "cam-1"));
      }
      assertOnlyDelivered("ok");
    }
  }

  /**
   * The failure of a publish: the cause of its failed stage. A synchronous throw fails the test.
   */
  protected static Throwable publishFailure(Publisher p, Message m) {
    java.util.concurrent.CompletionStage<?> stage;
    try {
      stage = p.publish(m);
    } catch (RuntimeException e) {
      throw new AssertionError("publish threw instead of returning a failed stage", e);
    }
    try {
      stage.toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
      throw new AssertionError("publish of " + brief(m) + " succeeded; expected it to fail");
    } catch (ExecutionException e) {
      return e.getCause();
    } catch (Exception e) {
      throw new AssertionError("publish of " + brief(m) + " did not complete", e);
    }
  }

  private static void join(Publisher p, Message m) {
    try {
      p.publish(m).toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("publish of " + brief(m) + " failed", e);
    }
  }

  /** Consumes group {@code g} of the test's topic and checks it holds exactly {@code payloads}. */
  private List<Delivery> assertOnlyDelivered(String... payloads) {
    Received received = new Received();
    try (Subscription s = broker.subscribe(topic, "g", received)) {
      received.await(payloads.length, WAIT);
      settle(300);
    }
    assertThat(received.payloads()).containsExactly(payloads);
    return received.all();
  }

  /** A message's size and header names, not its values: some are far too long to print. */
  private static String brief(Message m) {
    return m.size() + " bytes with headers " + m.headers().asMap().keySet();
  }

  private static int recurse(int depth) {
    return recurse(depth + 1) + 1;
  }
}
