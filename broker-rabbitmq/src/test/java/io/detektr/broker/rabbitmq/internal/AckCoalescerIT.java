package io.detektr.broker.rabbitmq.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import io.detektr.broker.tck.harness.TestServers;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Against a real RabbitMQ: which acks go out, and what the server is left holding. The channel is a
 * real one, seen through a proxy that records each basicAck on its way to the server.
 */
@ExtendWith(TestServers.class)
class AckCoalescerIT {
  private Connection connection;
  private Channel channel;
  private String queue;
  private final List<String> sent = new ArrayList<>();

  @BeforeEach
  void queueWithTenMessages() throws Exception {
    ConnectionFactory factory = new ConnectionFactory();
    factory.setUri(TestServers.amqpUri());
    connection = factory.newConnection("ack-coalescer-it");
    queue = "it.ack-coalescer." + System.nanoTime();
    try (Channel publisher = connection.createChannel()) {
      publisher.queueDeclare(queue, false, false, false, null);
      publisher.confirmSelect();
      for (int i = 1; i <= 10; i++) {
        publisher.basicPublish("", queue, null, ("m" + i).getBytes(StandardCharsets.UTF_8));
      }
      publisher.waitForConfirmsOrDie(10_000);
    }
    channel = connection.createChannel();
  }

  @AfterEach
  void deleteQueue() throws Exception {
    try (Channel admin = connection.createChannel()) {
      admin.queueDelete(queue);
    }
    connection.close();
  }

  @Test
  void heldAcksGoOutWithTheNextOneAsMultipleAndSettleEveryMessage() throws Exception {
    AckCoalescer acks = new AckCoalescer(recording(channel), 3);
    List<Long> tags = getAll(10);
    for (int i = 0; i < tags.size(); i++) {
      acks.ack(tags.get(i), i < tags.size() - 1); // deliveries wait behind all but the last
    }
    channel.close(); // anything left unacknowledged would be requeued now

    assertThat(sent)
        .containsExactly(
            tags.get(3) + " multiple", tags.get(7) + " multiple", tags.get(9) + " multiple");
    assertThat(readyMessages()).isZero();
  }

  @Test
  void aLoneAckGoesOutAtOnceAndHeldOnesOnFlush() throws Exception {
    AckCoalescer acks = new AckCoalescer(recording(channel), 3);
    List<Long> tags = getAll(3);
    acks.ack(tags.get(0), false);
    acks.ack(tags.get(1), true);
    acks.ack(tags.get(2), true);
    assertThat(sent).containsExactly(tags.get(0) + " single");
    acks.flush();
    acks.flush(); // nothing held any more: nothing sent
    channel.close();

    assertThat(sent).containsExactly(tags.get(0) + " single", tags.get(2) + " multiple");
    assertThat(readyMessages()).isEqualTo(7); // the 7 never fetched
  }

  @Test
  void aHeldAckThatNeverGoesOutMeansARedeliveryNotALoss() throws Exception {
    AckCoalescer acks = new AckCoalescer(recording(channel), 3);
    List<Long> tags = getAll(2);
    acks.ack(tags.get(0), false);
    acks.ack(tags.get(1), true); // held, then the consumer dies
    channel.close();

    assertThat(readyMessages()).isEqualTo(9);
    try (Channel again = connection.createChannel()) {
      GetResponse first = again.basicGet(queue, true);
      assertThat(new String(first.getBody(), StandardCharsets.UTF_8)).isEqualTo("m2");
      assertThat(first.getEnvelope().isRedeliver()).isTrue();
    }
  }

  @Test
  void withNothingToHoldEveryAckIsSingle() throws Exception {
    AckCoalescer acks = new AckCoalescer(recording(channel), AckCoalescer.maxHeldFor(3));
    List<Long> tags = getAll(2);
    acks.ack(tags.get(0), true);
    acks.ack(tags.get(1), true);
    channel.close();

    assertThat(sent).containsExactly(tags.get(0) + " single", tags.get(1) + " single");
    assertThat(readyMessages()).isEqualTo(8);
  }

  private List<Long> getAll(int n) throws Exception {
    List<Long> tags = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      GetResponse r = channel.basicGet(queue, false);
      assertThat(r).as("message %d of the queue", i + 1).isNotNull();
      tags.add(r.getEnvelope().getDeliveryTag());
    }
    return tags;
  }

  private long readyMessages() throws Exception {
    try (Channel admin = connection.createChannel()) {
      return admin.queueDeclarePassive(queue).getMessageCount();
    }
  }

  /** {@code real}, recording each basicAck as "TAG single|multiple" before passing it on. */
  private Channel recording(Channel real) {
    return (Channel)
        Proxy.newProxyInstance(
            Channel.class.getClassLoader(),
            new Class<?>[] {Channel.class},
            (proxy, method, args) -> {
              if (method.getName().equals("basicAck")) {
                sent.add(args[0] + ((Boolean) args[1] ? " multiple" : " single"));
              }
              try {
                return method.invoke(real, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }
}
