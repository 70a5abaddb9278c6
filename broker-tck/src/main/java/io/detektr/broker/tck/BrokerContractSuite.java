package io.detektr.broker.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.detektr.broker.BrokerFullException;
import io.detektr.broker.Brokers;
import io.detektr.broker.Delivery;
import io.detektr.broker.GroupStart;
import io.detektr.broker.Headers;
import io.detektr.broker.Message;
import io.detektr.broker.MessageHandler;
import io.detektr.broker.MessageId;
import io.detektr.broker.MessageTooLargeException;
import io.detektr.broker.Overflow;
import io.detektr.broker.Publisher;
import io.detektr.broker.PublisherOptions;
import io.detektr.broker.Subscription;
import io.detektr.broker.SubscriptionOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The contract tests. Extend this class in a provider module; see {@link BrokerContract}. */
public abstract class BrokerContractSuite extends RobustnessContract {
  private static final SubscriptionOptions FAST_REDELIVERY =
      SubscriptionOptions.defaults().redeliverAfter(Duration.ofSeconds(1));

  /**
   * Whether a topic holds messages apart from its groups, so that a group created with {@link
   * GroupStart#EARLIEST} gets them (Redis streams, the in-memory topic). RabbitMQ keeps messages
   * only in the queues of groups that existed when they were published: false there.
   */
  protected boolean topicsKeepMessages() {
    return true;
  }

  @Nested
  @DisplayName("publish and consume")
  class RoundTrip {
    @Test
    @DisplayName("a message arrives with its payload, headers and published-at, and is counted")
    void roundTripWithHeaders() throws Exception {
      broker.declareGroup(topic, "g");
      Message sent =
          Message.of("frame-bytes")
              .header(Headers.CAMERA_ID, "cam-1")
              .header(Headers.FRAME_ID, "42")
              .header(Headers.CONTENT_TYPE, "image/jpeg");
      try (Publisher p = broker.publisher(topic)) {
        p.publish(sent).toCompletableFuture().get(30, TimeUnit.SECONDS);
      }
      Received received = new Received();
      try (Subscription s = broker.subscribe(topic, "g", received)) {
        received.await(1, WAIT);
        Delivery d = received.all().get(0);
        assertThat(d.message().payloadAsString()).isEqualTo("frame-bytes");
        assertThat(d.message().headers().asMap())
            .containsEntry(Headers.CAMERA_ID, "cam-1")
            .containsEntry(Headers.FRAME_ID, "42")
            .containsEntry(Headers.CONTENT_TYPE, "image/jpeg")
            .containsKey(Headers.PUBLISHED_AT);
        assertThat(d.attempt()).isEqualTo(1);
        assertThat(d.topic()).isEqualTo(topic);
        assertThat(d.group()).isEqualTo("g");
        assertThat(s.consumer()).isNotBlank();
        Awaitility.await().atMost(WAIT).until(() -> metrics.count("acked", topic) == 1);
      }
      assertThat(metrics.count("published", topic)).isEqualTo(1);
      assertThat(metrics.count("confirmed", topic)).isEqualTo(1);
      assertThat(metrics.count("delivered", topic)).isEqualTo(1);
      assertThat(metrics.count("timed", topic)).isEqualTo(1);
    }

    @ParameterizedTest(name = "{0} bytes")
    @ValueSource(ints = {0, 1, 1024 * 1024})
    @DisplayName("binary payloads arrive byte for byte")
    void binaryPayloads(int size) throws Exception {
      byte[] payload = new byte[size];
      new Random(size).nextBytes(payload);
      broker.declareGroup(topic, "g");
      try (Publisher p = broker.publisher(topic)) {
        p.publish(Message.of(payload)).toCompletableFuture().get(30, TimeUnit.SECONDS);
      }
      Received received = new Received();
      try (Subscription s = broker.subscribe(topic, "g", received)) {
        received.await(1, WAIT);
      }
      assertThat(received.all().get(0).message().payload()).isEqualTo(payload);
    }

    @Test
    @DisplayName("one consumer receives a topic's messages in publish order")
    void fifoWithinOneConsumer() {
      broker.declareGroup(topic, "g");
      List<String> sent = numbered("m", 500);
      publishAll(topic, sent);
      Received received = new Received();
      try (Subscription s = broker.subscribe(topic, "g", received)) {
        received.await(500, WAIT);
      }
      assertThat(received.payloads()).containsExactlyElementsOf(sent);
    }
  }

  @Nested
  @Tag("volume") // -Dgroups=volume runs only these
  @DisplayName("at benchmark volume")
  class AtVolume {
    static final int VOLUME = 100_000;
    static final Duration VOLUME_WAIT = Duration.ofMinutes(3);

    @ParameterizedTest(name = "{0} publisher")
    @ValueSource(strings = {"unbounded", "bounded"})
    @DisplayName(
        "100,000 messages published without waiting arrive in publish order at a consumer of"
            + " concurrency 1, and are stored in that order")
    void fifoAtVolume(String kind) throws Exception {
      PublisherOptions options =
          kind.equals("bounded")
              ? PublisherOptions.defaults().maxLength(10L * VOLUME)
              : PublisherOptions.defaults();
      List<MessageId> ids = new ArrayList<>(VOLUME);
      try (Publisher p = broker.publisher(topic, options)) {
        broker.declareGroup(topic, "g");
        List<CompletableFuture<MessageId>> acks = new ArrayList<>(VOLUME);
        for (int i = 0; i < VOLUME; i++) {
          acks.add(p.publish(Message.wrap(PublishOrder.payload(i, 256))).toCompletableFuture());
        }
        for (CompletableFuture<MessageId> a : acks) {
          ids.add(a.get(VOLUME_WAIT.toSeconds(), TimeUnit.SECONDS));
        }
      }
      assertStoredInPublishOrder(topic, ids);
      PublishOrder order = new PublishOrder(VOLUME);
      try (Subscription s = broker.subscribe(topic, "g", order)) {
        order.awaitAll(VOLUME_WAIT);
      }
      assertThat(order.inversions()).as(order.firstInversion()).isZero();
      assertThat(order.duplicates()).as("messages delivered twice").isZero();
    }
  }

  @Nested
  @DisplayName("consumer groups")
  class Groups {
    @Test
    @DisplayName("consumers of one group share the messages: each gets some, none twice")
    void competingConsumers() {
      broker.declareGroup(topic, "workers");
      Received a = new Received();
      Received b = new Received();
      SubscriptionOptions one = SubscriptionOptions.defaults().prefetch(1);
      try (Subscription sa = broker.subscribe(topic, "workers", slow(a), one);
          Subscription sb = broker.subscribe(topic, "workers", slow(b), one)) {
        List<String> sent = numbered("w", 200);
        publishAll(topic, sent);
        Awaitility.await().atMost(WAIT).until(() -> a.size() + b.size() >= 200);
        settle(300);
        Set<String> union = new HashSet<>(a.payloads());
        union.addAll(b.payloads());
        assertThat(union).containsExactlyInAnyOrderElementsOf(sent);
        assertThat(a.size() + b.size()).isEqualTo(200);
        assertThat(a.size()).as("consumer A's share").isPositive();
        assertThat(b.size()).as("consumer B's share").isPositive();
      }
    }

    @Test
    @DisplayName("every group receives every message")
    void twoGroupsEachGetEverything() {
      broker.declareGroup(topic, "detector");
      broker.declareGroup(topic, "recorder");
      List<String> sent = numbered("f", 100);
      publishAll(topic, sent);
      Received detector = new Received();
      Received recorder = new Received();
      try (Subscription s1 = broker.subscribe(topic, "detector", detector);
          Subscription s2 = broker.subscribe(topic, "recorder", recorder)) {
        detector.await(100, WAIT);
        recorder.await(100, WAIT);
        settle(300);
      }
      assertThat(detector.payloads()).containsExactlyElementsOf(sent);
      assertThat(recorder.payloads()).containsExactlyElementsOf(sent);
    }

    private MessageHandler slow(Received target) {
      return delivery -> {
        target.handle(delivery);
        settle(2);
      };
    }
  }

  @Nested
  @DisplayName("failures")
  class Failures {
    @Test
    @DisplayName("a throwing handler is retried, then dead-lettered with the reason")
    void handlerExceptionRetriesThenDeadLetters() {
      broker.declareGroup(topic, "g");
      List<Integer> attempts = new CopyOnWriteArrayList<>();
      SubscriptionOptions options = FAST_REDELIVERY.maxAttempts(3);
      Received dead = new Received();
      try (Subscription s =
              broker.subscribe(
                  topic,
                  "g",
                  d -> {
                    attempts.add(d.attempt());
                    throw new IllegalStateException("cannot decode frame");
                  },
                  options);
          Subscription dlq =
              broker.subscribe(
                  options.deadLetterTopicFor(topic), SubscriptionOptions.DEAD_LETTER_GROUP, dead)) {
        publishAll(topic, List.of("poison"));
        dead.await(1, WAIT);
        settle(300);
      }
      assertThat(attempts).containsExactly(1, 2, 3);
      Message letter = dead.all().get(0).message();
      assertThat(letter.payloadAsString()).isEqualTo("poison");
      assertThat(letter.headers().get(Headers.DEAD_LETTER_REASON))
          .get()
          .asString()
          .contains("IllegalStateException")
          .contains("cannot decode frame");
      assertThat(letter.headers().get(Headers.DEAD_LETTER_ATTEMPTS)).contains("3");
      assertThat(letter.headers().get(Headers.DEAD_LETTER_TOPIC)).contains(topic);
      assertThat(letter.headers().get(Headers.DEAD_LETTER_GROUP)).contains("g");
      assertThat(metrics.count("retried", topic)).isEqualTo(2);
      assertThat(metrics.count("deadLettered", topic)).isEqualTo(1);
      assertThat(dead.size()).isEqualTo(1);
    }

    @Test
    @DisplayName("messages of a consumer closed without acking go to another consumer")
    void unackedMessagesOfClosedConsumerAreRedelivered() throws Exception {
      broker.declareGroup(topic, "g");
      List<String> sent = numbered("u", 5);
      publishAll(topic, sent);
      CountDownLatch started = new CountDownLatch(1);
      Subscription stuck =
          broker.subscribe(
              topic,
              "g",
              d -> {
                started.countDown();
                new CountDownLatch(1).await(); // a handler that hangs until its consumer goes away
              },
              FAST_REDELIVERY.prefetch(5));
      assertThat(started.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
      stuck.close();
      Received rescuer = new Received();
      try (Subscription s = broker.subscribe(topic, "g", rescuer, FAST_REDELIVERY)) {
        rescuer.await(5, WAIT);
      }
      assertThat(new HashSet<>(rescuer.payloads())).containsExactlyInAnyOrderElementsOf(sent);
      assertThat(rescuer.all()).anySatisfy(d -> assertThat(d.attempt()).isGreaterThan(1));
    }
  }

  @Nested
  @DisplayName("limits")
  class Limits {
    @Test
    @DisplayName("REJECT: a full topic refuses the next publish with BrokerFullException")
    void rejectWhenFull() throws Exception {
      try (Publisher p =
          broker.publisher(
              topic, PublisherOptions.defaults().maxLength(5).overflow(Overflow.REJECT))) {
        broker.declareGroup(topic, "g");
        for (int i = 0; i < 5; i++) {
          p.publish(Message.of("r" + i)).toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
        Throwable error =
            catchThrowable(() -> p.publish(Message.of("r5")).toCompletableFuture().join());
        assertThat(error)
            .isInstanceOf(CompletionException.class)
            .hasCauseInstanceOf(BrokerFullException.class);
        assertThat(error.getCause().getMessage()).contains(topic);
      }
      Received received = new Received();
      try (Subscription s = broker.subscribe(topic, "g", received)) {
        received.await(5, WAIT);
        settle(300);
      }
      assertThat(received.payloads()).containsExactly("r0", "r1", "r2", "r3", "r4");
      assertThat(metrics.count("failed", topic)).isEqualTo(1);
    }

    @Test
    @DisplayName("DROP_OLDEST: the oldest messages make room and are counted as dropped")
    void dropOldest() throws Exception {
      try (Publisher p =
          broker.publisher(
              topic, PublisherOptions.defaults().maxLength(5).overflow(Overflow.DROP_OLDEST))) {
        broker.declareGroup(topic, "g");
        for (int i = 0; i < 20; i++) {
          p.publish(Message.of("d" + i)).toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
      }
      Received received = new Received();
      try (Subscription s = broker.subscribe(topic, "g", received)) {
        received.await(5, WAIT);
        settle(300);
      }
      assertThat(received.payloads()).containsExactly("d15", "d16", "d17", "d18", "d19");
      Awaitility.await()
          .atMost(WAIT)
          .untilAsserted(() -> assertThat(metrics.count("dropped", topic)).isEqualTo(15));
    }

    @Test
    @DisplayName("a message above the size limit fails before anything is sent")
    void messageTooLarge() throws Exception {
      broker.declareGroup(topic, "g");
      try (var small = connect(config().maxMessageBytes(1024).build());
          Publisher p = small.publisher(topic)) {
        Throwable error =
            catchThrowable(
                () -> p.publish(Message.of(new byte[1025])).toCompletableFuture().join());
        assertThat(error).hasCauseInstanceOf(MessageTooLargeException.class);
        assertThat(error.getCause().getMessage()).contains("1025").contains("1024");
        p.publish(Message.of(new byte[1024])).toCompletableFuture().get(30, TimeUnit.SECONDS);
      }
      Received received = new Received();
      try (Subscription s = broker.subscribe(topic, "g", received)) {
        received.await(1, WAIT);
        settle(300);
      }
      assertThat(received.all())
          .singleElement()
          .satisfies(d -> assertThat(d.message().size()).isEqualTo(1024));
    }
  }

  @Nested
  @DisplayName("connections")
  class Connections {
    @Test
    @DisplayName("close leaves no thread of the connection running")
    void closeIsClean() {
      Set<Thread> before = Thread.getAllStackTraces().keySet();
      var b = Brokers.connect(config().build());
      b.declareGroup(topic, "g");
      Received received = new Received();
      Subscription s =
          b.subscribe(topic, "g", received, SubscriptionOptions.defaults().concurrency(2));
      try (Publisher p = b.publisher(topic)) {
        p.publish(Message.of("x")).toCompletableFuture().join();
      }
      received.await(1, WAIT);
      b.close();
      assertThatThrownBy(() -> b.publisher(topic)).isInstanceOf(RuntimeException.class);
      Awaitility.await()
          .atMost(Duration.ofSeconds(20))
          .untilAsserted(
              () ->
                  assertThat(
                          Thread.getAllStackTraces().keySet().stream()
                              .filter(t -> !before.contains(t) && t.isAlive())
                              .map(Thread::getName)
                              .filter(n -> !n.startsWith("awaitility")) // the test's own poller
                              .filter(
                                  n ->
                                      allowedLingeringThreadPrefixes().stream()
                                          .noneMatch(n::startsWith))
                              .toList())
                      .as("threads left running after close")
                      .isEmpty());
      assertThat(s.topic()).isEqualTo(topic);
    }
  }

  @Nested
  @DisplayName("where a new group starts")
  class Start {
    @Test
    @DisplayName("EARLIEST also gets what the topic holds from before the group; LATEST does not")
    void earliestAndLatest() {
      broker.declareGroup(topic, "existing"); // RabbitMQ drops what no queue is bound to receive
      publishAll(topic, List.of("before-1", "before-2"));
      broker.declareGroup(topic, "early", GroupStart.EARLIEST);
      broker.declareGroup(topic, "late", GroupStart.LATEST);
      publishAll(topic, List.of("after"));
      List<String> expected =
          topicsKeepMessages() ? List.of("before-1", "before-2", "after") : List.of("after");
      Received early = new Received();
      Received late = new Received();
      try (Subscription a = broker.subscribe(topic, "early", early);
          Subscription b = broker.subscribe(topic, "late", late)) {
        early.await(expected.size(), WAIT);
        late.await(1, WAIT);
        settle(300);
      }
      assertThat(early.payloads()).containsExactlyElementsOf(expected);
      assertThat(late.payloads()).containsExactly("after");
    }

    @Test
    @DisplayName("subscribe creates its group at SubscriptionOptions.startFrom")
    void subscribeStartsFrom() {
      broker.declareGroup(topic, "existing");
      publishAll(topic, List.of("before"));
      Received received = new Received();
      try (Subscription s =
          broker.subscribe(
              topic,
              "fresh",
              received,
              SubscriptionOptions.defaults().startFrom(GroupStart.EARLIEST))) {
        publishAll(topic, List.of("after"));
        received.await(topicsKeepMessages() ? 2 : 1, WAIT);
        settle(300);
      }
      assertThat(received.payloads())
          .containsExactlyElementsOf(
              topicsKeepMessages() ? List.of("before", "after") : List.of("after"));
    }

    @Test
    @DisplayName("declaring an existing group with EARLIEST keeps its position")
    void existingGroupKeepsPosition() {
      broker.declareGroup(topic, "g");
      publishAll(topic, List.of("x"));
      Received first = new Received();
      try (Subscription s = broker.subscribe(topic, "g", first)) {
        first.await(1, WAIT);
        settle(300);
      }
      broker.declareGroup(topic, "g", GroupStart.EARLIEST);
      publishAll(topic, List.of("y"));
      Received second = new Received();
      try (Subscription s =
          broker.subscribe(
              topic, "g", second, SubscriptionOptions.defaults().startFrom(GroupStart.EARLIEST))) {
        second.await(1, WAIT);
        settle(300);
      }
      assertThat(second.payloads()).containsExactly("y");
    }
  }
}
