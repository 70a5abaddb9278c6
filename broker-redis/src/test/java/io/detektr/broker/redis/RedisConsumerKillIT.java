package io.detektr.broker.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.detektr.broker.Broker;
import io.detektr.broker.Brokers;
import io.detektr.broker.Message;
import io.detektr.broker.MessageId;
import io.detektr.broker.Publisher;
import io.detektr.broker.Subscription;
import io.detektr.broker.SubscriptionOptions;
import io.detektr.broker.tck.harness.TestServers;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Fault (b): a consumer in another JVM is killed with SIGKILL in the middle of a batch; another
 * consumer of the group must get every message the dead one had not acknowledged (XAUTOCLAIM after
 * {@code redeliverAfter}).
 */
@ExtendWith(TestServers.class)
@DisplayName("consumer process killed mid-batch: its unacked messages go to another consumer")
class RedisConsumerKillIT {
  private static final int MESSAGES = 400;

  @ParameterizedTest(name = "pack={0}")
  @ValueSource(ints = {1, 16})
  @DisplayName("SIGKILL a consumer JVM mid-batch: lost = 0")
  void killedConsumerProcess(int pack) throws Exception {
    String topic = "kill." + System.nanoTime();
    String uri = RedisPackedContractIT.withPack(TestServers.redisUri(), pack);
    Tally tally = new Tally();
    try (Broker broker = Brokers.connect(uri)) {
      broker.declareGroup(topic, "g");
      List<CompletableFuture<MessageId>> acks = new ArrayList<>();
      try (Publisher p = broker.publisher(topic)) {
        for (int i = 0; i < MESSAGES; i++) {
          tally.published.incrementAndGet();
          acks.add(p.publish(Message.of("k" + i)).toCompletableFuture()); // packs form meanwhile
        }
      }
      for (int i = 0; i < MESSAGES; i++) {
        acks.get(i).join();
        tally.confirmed.add("k" + i);
      }
      List<String> handledByVictim = new CopyOnWriteArrayList<>();
      Process victim = startConsumer(uri, topic, handledByVictim);
      try {
        // prefetch 50: after 75 handled the victim is in the middle of its second batch
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> handledByVictim.size() >= 75);
        victim.destroyForcibly(); // SIGKILL
        victim.waitFor();
      } finally {
        victim.destroyForcibly();
      }
      Thread.sleep(200); // the last lines the victim printed
      tally.deliveredAll(handledByVictim);
      AtomicInteger redelivered = new AtomicInteger();
      Subscription rescuer =
          broker.subscribe(
              topic,
              "g",
              d -> {
                tally.delivered(d.message().payloadAsString());
                if (d.attempt() > 1) {
                  redelivered.incrementAndGet();
                }
              },
              SubscriptionOptions.defaults().redeliverAfter(Duration.ofSeconds(1)));
      try {
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> tally.lost().isEmpty());
        Thread.sleep(1_500); // time for wrong extra deliveries to show up
      } finally {
        rescuer.close();
        System.out.println(
            tally.line("RedisConsumerKillIT pack=" + pack)
                + " handledByKilledConsumer="
                + handledByVictim.size()
                + " redelivered="
                + redelivered.get());
      }
      assertThat(tally.lost()).as("messages nobody got").isEmpty();
      assertThat(redelivered.get()).as("messages claimed from the killed consumer").isPositive();
      assertThat(handledByVictim.size()).isLessThan(MESSAGES);
    }
  }

  private static Process startConsumer(String uri, String topic, List<String> handled)
      throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder pb =
        new ProcessBuilder(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                SlowConsumerMain.class.getName(),
                topic,
                "g")
            .redirectErrorStream(true);
    pb.environment().put(Brokers.BROKER_URL, uri);
    Process process = pb.start();
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader in =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                  if (line.startsWith("HANDLED ")) {
                    handled.add(line.substring(8));
                  } else if (!line.equals("STARTED")) {
                    System.out.println("[consumer process] " + line);
                  }
                }
              } catch (Exception e) {
                // the process was killed
              }
            },
            "victim-output");
    reader.setDaemon(true);
    reader.start();
    return process;
  }
}
