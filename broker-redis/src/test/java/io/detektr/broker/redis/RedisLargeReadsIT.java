package io.detektr.broker.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.detektr.broker.Broker;
import io.detektr.broker.BrokerConfig;
import io.detektr.broker.Brokers;
import io.detektr.broker.Message;
import io.detektr.broker.Publisher;
import io.detektr.broker.PublisherOptions;
import io.detektr.broker.tck.harness.RedisServer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A loaded publisher makes Redis read its pipeline in large pieces (the query-buffer primer in
 * {@code Pipeline}): seen in {@code CLIENT LIST}, whose {@code qbuf} and {@code qbuf-free} add up
 * to the size of the connection's query buffer, which Redis alone keeps at 16 to about 40 KiB.
 */
@DisplayName("Redis publisher: large server reads under load")
class RedisLargeReadsIT {
  private static final Pattern QBUF = Pattern.compile("qbuf=(\\d+) qbuf-free=(\\d+)");
  private static final byte[] PAYLOAD = new byte[1024];
  private static RedisServer redis;

  @BeforeAll
  static void startRedis() {
    redis = RedisServer.builder().password("it-secret").start();
  }

  @AfterAll
  static void stopRedis() {
    redis.close();
  }

  @Test
  @DisplayName("while publishes back up, Redis reads the publisher's connection 64 KiB at a time")
  void loadedPublisherGetsLargeReads() throws Exception {
    try (Broker broker = Brokers.connect(BrokerConfig.builder(redis.uri()).build());
        Publisher publisher = broker.publisher("large-reads", PublisherOptions.defaults())) {
      Flood flood = new Flood(publisher);
      try {
        Awaitility.await()
            .atMost(Duration.ofSeconds(30))
            .pollInterval(Duration.ofMillis(20))
            .until(() -> largestQueryBuffer() >= 64 * 1024);
      } finally {
        flood.stop();
      }
      assertThat(flood.failures).isEmpty();
      assertThat((Long) redis.command("XLEN", "large-reads")).isEqualTo(flood.sent);
    }
  }

  @Test
  @DisplayName("a user without ECHO publishes as before: the refused primer is dropped quietly")
  void serverRefusingEchoStillTakesEveryPublish() throws Exception {
    redis.command("ACL", "SETUSER", "no-echo", "on", ">no-echo-pw", "~*", "+@all", "-echo");
    BrokerConfig config =
        BrokerConfig.builder("redis://127.0.0.1:" + redis.port())
            .username("no-echo")
            .password("no-echo-pw")
            .build();
    try (Broker broker = Brokers.connect(config);
        Publisher publisher = broker.publisher("no-echo", PublisherOptions.defaults())) {
      Flood flood = new Flood(publisher);
      try {
        Awaitility.await()
            .atMost(Duration.ofSeconds(30))
            .until(() -> String.valueOf(redis.command("ACL", "LOG")).contains("echo"));
        long more = flood.sent + 20_000;
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> flood.sent >= more);
      } finally {
        flood.stop();
      }
      assertThat(flood.failures).isEmpty();
      assertThat((Long) redis.command("XLEN", "no-echo")).isEqualTo(flood.sent);
    }
  }

  /** The largest query buffer of a connection whose last command was XADD or ECHO. */
  private static long largestQueryBuffer() {
    long largest = 0;
    for (String line : String.valueOf(redis.command("CLIENT", "LIST")).split("\n")) {
      Matcher m = QBUF.matcher(line);
      if ((line.contains("cmd=xadd") || line.contains("cmd=echo")) && m.find()) {
        largest = Math.max(largest, Long.parseLong(m.group(1)) + Long.parseLong(m.group(2)));
      }
    }
    return largest;
  }

  /** Publishes 1 KiB messages as fast as the publisher takes them, until stopped. */
  private static final class Flood {
    final List<Throwable> failures = new CopyOnWriteArrayList<>();
    private final AtomicBoolean stop = new AtomicBoolean();
    private final Thread thread;
    private final Publisher publisher;
    volatile long sent;

    Flood(Publisher publisher) {
      this.publisher = publisher;
      this.thread = new Thread(this::run, "flood");
      thread.start();
    }

    private void run() {
      while (!stop.get()) {
        publisher
            .publish(Message.of(PAYLOAD))
            .whenComplete(
                (id, e) -> {
                  if (e != null) {
                    failures.add(e);
                  }
                });
        sent++;
      }
    }

    void stop() throws InterruptedException {
      stop.set(true);
      thread.join();
      publisher.flush();
    }
  }
}
