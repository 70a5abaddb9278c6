package io.detektr.deploy.commands;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ParsersTest {
  @Test
  void listeningPortsFromProcNetTcp() {
    String tcp =
        String.join(
            "\n",
            "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode",
            "   0: 0100007F:18EB 00000000:0000 0A 00000000:00000000 00:00000000 00000000   101        0 1 1",
            "   1: 0100007F:1538 0100007F:C350 01 00000000:00000000 00:00000000 00000000     0        0 2 1",
            "   0: 00000000000000000000000000000000:2391 00000000000000000000000000000000:0000 0A 0:0 0 0 0 0 3");
    assertThat(Parsers.listeningPorts(tcp)).containsExactly(6379, 9105);
  }

  @Test
  void memAndDisk() {
    assertThat(
            Parsers.memAvailableKiB(
                "MemTotal: 100 kB\nMemFree: 5 kB\nMemAvailable:   24000123 kB\n"))
        .isEqualTo(24000123L);
    assertThat(
            Parsers.dfAvailableKiB(
                "Filesystem 1024-blocks Used Available Capacity Mounted on\n/dev/vda 264 23 8388608 22% /\n"))
        .isEqualTo(8388608L);
  }

  @Test
  void containersFromPodmanAndDockerInspect() {
    String json =
        "[{\"Id\":\"abc\",\"Name\":\"p_redis_1\",\"Image\":\"f00d\",\"State\":{\"Status\":\"running\",\"Running\":true},"
            + "\"Config\":{\"Labels\":{\"com.docker.compose.service\":\"redis\"}},"
            + "\"NetworkSettings\":{\"Ports\":{\"6379/tcp\":[{\"HostIp\":\"127.0.0.1\",\"HostPort\":\"16379\"}],\"80/tcp\":null}}},"
            + "{\"Id\":\"def\",\"Name\":\"/p-web-1\",\"Image\":\"sha256:beef\",\"State\":{\"Status\":\"exited\",\"Running\":false},"
            + "\"Config\":{\"Labels\":{\"com.docker.compose.service\":\"web\"}}}]";
    assertThat(Parsers.containers(json))
        .containsExactly(
            new ContainerInfo(
                "abc", "p_redis_1", "redis", "f00d", "running", true, java.util.Set.of(16379)),
            new ContainerInfo(
                "def", "p-web-1", "web", "beef", "exited", false, java.util.Set.of()));
  }

  @Test
  void repoDigestAndImageId() {
    String json =
        "[{\"Id\":\"sha256:1234\",\"RepoDigests\":[\"other/x@sha256:99\",\"127.0.0.1:5000/t/redis@sha256:aa\"]}]";
    assertThat(Parsers.repoDigest(json, "127.0.0.1:5000/t/redis"))
        .contains("127.0.0.1:5000/t/redis@sha256:aa");
    assertThat(Parsers.repoDigest(json, "127.0.0.1:5000/t/red")).isEmpty();
    assertThat(Parsers.imageId(json)).isEqualTo("1234");
  }
}
