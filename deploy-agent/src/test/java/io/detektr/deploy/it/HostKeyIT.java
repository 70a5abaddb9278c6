package io.detektr.deploy.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The agent refuses servers whose host key is unknown or changed, naming the fingerprint. */
@ExtendWith(E2eEnvironment.class)
class HostKeyIT {
  private static Path config(E2eEnvironment.Env env, String name, String knownHosts)
      throws IOException {
    Path dir = env.root.resolve(name);
    Path cfg = E2eEnvironment.Env.withVersion(env.writeConfig(dir, "", "", ""), "v1");
    Path kh = dir.resolve("known_hosts");
    Files.writeString(kh, knownHosts);
    Path f = dir.resolve("with-kh.yml");
    Files.writeString(
        f,
        Files.readString(cfg).replace("knownHosts: " + env.sshd.knownHosts, "knownHosts: " + kh));
    return f;
  }

  @Test
  void unknownHostKeyIsRefusedWithItsFingerprint(E2eEnvironment.Env env) throws IOException {
    E2eEnvironment.Run r = env.cli("status", "-c", config(env, "kh-empty", "").toString());
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err())
        .contains("unknown host key for [127.0.0.1]:" + env.sshd.port)
        .contains("ssh-ed25519 " + env.sshd.fingerprint())
        .contains("Refusing to connect")
        .contains("ssh-keyscan -p " + env.sshd.port + " 127.0.0.1 >> ");
  }

  @Test
  void changedHostKeyIsRefused(E2eEnvironment.Env env) throws IOException {
    Path other = env.root.resolve("other-key");
    Procs.ok("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", other.toString());
    String entry = "[127.0.0.1]:" + env.sshd.port + " " + Files.readString(Path.of(other + ".pub"));
    E2eEnvironment.Run r = env.cli("history", "-c", config(env, "kh-changed", entry).toString());
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err())
        .contains("HOST KEY CHANGED for [127.0.0.1]:" + env.sshd.port)
        .contains(env.sshd.fingerprint())
        .contains("ssh-keygen -R");
  }
}
