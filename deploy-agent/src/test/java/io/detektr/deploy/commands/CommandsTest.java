package io.detektr.deploy.commands;

import static org.assertj.core.api.Assertions.assertThat;

import io.detektr.deploy.config.ConfigLoader;
import io.detektr.deploy.config.DeployConfig;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Remote commands are data: argv lists compared by equality, no SSH involved. */
class CommandsTest {
  private static DeployConfig config(String engine) {
    String yaml =
        "host: h\nuser: u\nremoteDir: /srv/broker\nproject: detektr\ncomposeFile: c.yml\nengine: "
            + engine
            + "\n";
    return ConfigLoader.parse(yaml, Path.of("/tmp/cfg.yml"), false);
  }

  private final Commands docker = new Commands(config("docker"));
  private final Commands podman = new Commands(config("podman"));

  @Test
  void upAlwaysForceRecreates() {
    assertThat(docker.composeUp("/srv/broker/releases/0003", List.of("redis", "exporter")).argv())
        .containsExactly(
            "docker",
            "compose",
            "-f",
            "/srv/broker/releases/0003/compose.yml",
            "-p",
            "detektr",
            "up",
            "-d",
            "--force-recreate",
            "redis",
            "exporter");
    assertThat(podman.composeUp("/r/0001", List.of()).argv())
        .containsExactly(
            "podman-compose",
            "-f",
            "/r/0001/compose.yml",
            "-p",
            "detektr",
            "up",
            "-d",
            "--force-recreate");
  }

  @Test
  void stopNeverRemoves() {
    assertThat(podman.composeStop("/r/0002", List.of("rtsp-capture")))
        .isEqualTo(
            RemoteCommand.of(
                "podman-compose",
                "-f",
                "/r/0002/compose.yml",
                "-p",
                "detektr",
                "stop",
                "rtsp-capture"));
  }

  @Test
  void engineCommands() {
    assertThat(podman.pull("127.0.0.1:5000/x/redis:abc"))
        .isEqualTo(RemoteCommand.of("podman", "pull", "127.0.0.1:5000/x/redis:abc"));
    assertThat(docker.login("ghcr.io", "bot"))
        .isEqualTo(
            RemoteCommand.of(
                "docker", "login", "--username", "bot", "--password-stdin", "ghcr.io"));
    assertThat(docker.imageInspect("r@sha256:1"))
        .isEqualTo(RemoteCommand.of("docker", "image", "inspect", "r@sha256:1"));
    assertThat(docker.projectContainers())
        .isEqualTo(
            RemoteCommand.of(
                "docker",
                "ps",
                "-a",
                "-q",
                "--no-trunc",
                "--filter",
                "label=com.docker.compose.project=detektr"));
    assertThat(podman.inspect(List.of("a", "b")))
        .isEqualTo(RemoteCommand.of("podman", "inspect", "a", "b"));
    assertThat(docker.networkExists("detektor-network"))
        .isEqualTo(RemoteCommand.of("docker", "network", "inspect", "detektor-network"));
    assertThat(docker.composeVersion()).isEqualTo(RemoteCommand.of("docker", "compose", "version"));
    assertThat(docker.diskFree("/srv")).isEqualTo(RemoteCommand.of("df", "-Pk", "/srv"));
    assertThat(docker.gpuMemory().argv().get(0)).isEqualTo("nvidia-smi");
  }

  @Test
  void shellLineQuotesOnlyWhatNeedsIt() {
    assertThat(RemoteCommand.of("echo", "a b", "it's", "$HOME", "plain/path-1.2", "").toShell())
        .isEqualTo("echo 'a b' 'it'\"'\"'s' '$HOME' plain/path-1.2 ''");
    assertThat(RemoteCommand.of("x", "a;rm -rf /").toShell()).isEqualTo("x 'a;rm -rf /'");
  }

  /** Issue 18 defect 6: a state-changing step runs detached from the SSH session, at most once. */
  @Test
  void detachedStepsRunInTheirOwnSessionWithAStateFile() throws Exception {
    RemoteCommand up = docker.composeUp("/srv/b/releases/0003", List.of("redis"));
    RemoteCommand d = docker.detached(up, "/srv/b/run/42");
    assertThat(d.argv()).hasSize(3).startsWith("sh", "-c");
    assertThat(d.argv().get(2))
        .startsWith("mkdir -p /srv/b/run/42 && cd /srv/b/run/42 && if [ ! -e launched ]; then")
        .contains("setsid sh -c '")
        .contains(up.toShell() + " > out 2> err < /dev/null; echo $? > rc.tmp; mv rc.tmp rc")
        .endsWith(" > /dev/null 2>&1 < /dev/null & fi");
    // the line really runs: twice launched, the step runs once, and its exit code lands in rc
    java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("detached");
    RemoteCommand step = RemoteCommand.of("sh", "-c", "echo ran >> " + dir + "/count; exit 3");
    RemoteCommand launch = docker.detached(step, dir.resolve("run").toString());
    for (int i = 0; i < 2; i++) {
      assertThat(new ProcessBuilder(launch.argv()).start().waitFor()).isZero();
    }
    java.nio.file.Path rc = dir.resolve("run/rc");
    long end = System.nanoTime() + 10_000_000_000L;
    while (!java.nio.file.Files.exists(rc) && System.nanoTime() < end) {
      Thread.sleep(20);
    }
    assertThat(java.nio.file.Files.readString(rc).strip()).isEqualTo("3");
    assertThat(java.nio.file.Files.readString(dir.resolve("count"))).isEqualTo("ran\n");
  }
}
