package io.detektr.deploy.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Reconnects when the connection is gone; never when the server answered with a failure. */
class ReconnectingRemoteTest {
  final List<String> warnings = new ArrayList<>();
  final AtomicInteger connects = new AtomicInteger();

  /** A remote whose reads fail {@code failures} times, as a dead or a live connection would. */
  Remote remote(int failures, boolean connectedWhenFailing) {
    AtomicInteger left = new AtomicInteger(failures);
    boolean[] dead = {false};
    return (Remote)
        Proxy.newProxyInstance(
            Remote.class.getClassLoader(),
            new Class<?>[] {Remote.class},
            (p, m, args) ->
                switch (m.getName()) {
                  case "read" -> {
                    if (left.getAndDecrement() > 0) {
                      dead[0] = !connectedWhenFailing;
                      throw new RemoteException("SFTP read failed: broken pipe", "", true, null);
                    }
                    yield Optional.of(new byte[] {1});
                  }
                  case "isConnected" -> !dead[0];
                  case "describe" -> "fake";
                  case "close" -> null;
                  default -> throw new UnsupportedOperationException(m.getName());
                });
  }

  @Test
  void aDroppedConnectionIsMadeAgainAndTheOperationRepeated() {
    ReconnectingRemote r =
        new ReconnectingRemote(
            () -> remote(connects.getAndIncrement() == 0 ? 1 : 0, false), warnings::add);
    assertThat(r.read("/x")).isPresent();
    assertThat(r.reconnects()).isEqualTo(1);
    assertThat(connects.get()).isEqualTo(2);
    assertThat(warnings).singleElement().asString().contains("connected again");
  }

  @Test
  void aFailureOnALiveConnectionIsNotRepeated() {
    ReconnectingRemote r = new ReconnectingRemote(() -> remote(1, true), warnings::add);
    assertThatThrownBy(() -> r.read("/x")).hasMessageContaining("broken pipe");
    assertThat(r.reconnects()).isZero();
    assertThat(warnings).isEmpty();
  }
}
