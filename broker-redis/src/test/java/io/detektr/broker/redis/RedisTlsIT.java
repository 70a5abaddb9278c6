package io.detektr.broker.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.detektr.broker.Broker;
import io.detektr.broker.BrokerException;
import io.detektr.broker.BrokerUnavailableException;
import io.detektr.broker.Brokers;
import io.detektr.broker.Message;
import io.detektr.broker.Publisher;
import io.detektr.broker.Subscription;
import io.detektr.broker.tck.Received;
import io.detektr.broker.tck.harness.RedisServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** {@code rediss://}: a real redis-server with TLS only, a self-signed certificate from openssl. */
@DisplayName("rediss:// (TLS)")
class RedisTlsIT {
  private static Path dir;
  private static RedisServer redis;

  @BeforeAll
  static void startTlsRedis() throws Exception {
    dir = Files.createTempDirectory("redis-tls-");
    run(
        "openssl",
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-days",
        "1",
        "-keyout",
        dir.resolve("key.pem").toString(),
        "-out",
        dir.resolve("cert.pem").toString(),
        "-subj",
        "/CN=127.0.0.1",
        "-addext",
        "subjectAltName=IP:127.0.0.1");
    String cert = dir.resolve("cert.pem").toString();
    // TLS on the harness's port, plain TCP off: the harness's readiness check is a TCP connect.
    int port = io.detektr.broker.tck.harness.FreePorts.next();
    redis =
        RedisServer.builder()
            .port(port)
            .password("tls-secret")
            .arg(
                "--port",
                "0",
                "--tls-port",
                Integer.toString(port),
                "--tls-cert-file",
                cert,
                "--tls-key-file",
                dir.resolve("key.pem").toString(),
                "--tls-ca-cert-file",
                cert,
                "--tls-auth-clients",
                "no")
            .start();
  }

  @AfterAll
  static void stop() throws IOException {
    if (redis != null) {
      redis.close();
    }
  }

  @Test
  @DisplayName("publish and consume over TLS (verifyPeer=none: the certificate is self-signed)")
  void roundTripOverTls() throws Exception {
    String uri = "rediss://:tls-secret@127.0.0.1:" + redis.port() + "?verifyPeer=none";
    try (Broker broker = Brokers.connect(uri)) {
      broker.declareGroup("tls", "g");
      try (Publisher p = broker.publisher("tls")) {
        p.publish(Message.of("secret frame")).toCompletableFuture().get(30, TimeUnit.SECONDS);
      }
      Received received = new Received();
      try (Subscription s = broker.subscribe("tls", "g", received)) {
        received.await(1, Duration.ofSeconds(30));
        assertThat(s.topic()).isEqualTo("tls");
      }
      assertThat(received.payloads()).containsExactly("secret frame");
    }
  }

  @Test
  @DisplayName("an untrusted certificate fails the connect with advice, not as 'unreachable'")
  void untrustedCertificate() {
    String uri = "rediss://:tls-secret@127.0.0.1:" + redis.port();
    Throwable error = catchThrowable(() -> Brokers.connect(uri).close());
    assertThat(error)
        .isInstanceOf(BrokerException.class)
        .isNotInstanceOf(BrokerUnavailableException.class)
        .hasMessageContaining("TLS handshake")
        .hasMessageContaining("verifyPeer")
        .hasMessageNotContaining("tls-secret");
  }

  private static void run(String... command) throws Exception {
    Process p;
    try {
      p = new ProcessBuilder(command).redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new AssertionError(
          "this test needs '"
              + command[0]
              + "' to make a certificate;"
              + " install it (apt-get install openssl)",
          e);
    }
    String out = new String(p.getInputStream().readAllBytes());
    if (p.waitFor() != 0) {
      throw new AssertionError(String.join(" ", List.of(command)) + " failed:\n" + out);
    }
  }
}
