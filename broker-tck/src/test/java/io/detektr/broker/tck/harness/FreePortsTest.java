package io.detektr.broker.tck.harness;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FreePortsTest {
  /**
   * Drawn from about 28,000 ephemeral ports, 1,000 probes repeat a port almost surely (the birthday
   * bound); a repeat would give two servers of one test the same port.
   */
  @Test
  void neverHandsOutTheSamePortTwice() {
    Set<Integer> seen = new HashSet<>();
    for (int i = 0; i < 1_000; i++) {
      assertThat(seen.add(FreePorts.next())).as("port handed out twice").isTrue();
    }
  }

  @Test
  void theHandedOutPortCanBeBound() throws IOException {
    int port = FreePorts.next();
    try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      assertThat(s.getLocalPort()).isEqualTo(port);
    }
  }
}
