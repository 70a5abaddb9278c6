package io.detektr.broker.redis;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A redis-server behind a slow link: a network namespace of its own, joined to this one by a veth
 * pair whose both ends are limited by a token-bucket filter ({@code tc ... tbf}; this kernel has no
 * netem). Needs root. Everything it creates is named after this process and removed by {@link
 * #close()}.
 */
final class SlowLink implements AutoCloseable {
  private final String ns;
  private final String hostEnd;
  private final String address;
  private final Process redis;
  private final Path dir;

  SlowLink(String rate) throws Exception {
    long pid = ProcessHandle.current().pid();
    int net = (int) (pid % 200) + 20;
    this.ns = "detektr-slow-" + pid;
    this.hostEnd = "dks" + (pid % 100000) + "a";
    String nsEnd = "dks" + (pid % 100000) + "b";
    this.address = "10.213." + net + ".2";
    run("ip", "netns", "add", ns);
    run("ip", "link", "add", hostEnd, "type", "veth", "peer", "name", nsEnd);
    run("ip", "link", "set", nsEnd, "netns", ns);
    run("ip", "addr", "add", "10.213." + net + ".1/30", "dev", hostEnd);
    run("ip", "link", "set", hostEnd, "up");
    run("ip", "netns", "exec", ns, "ip", "addr", "add", address + "/30", "dev", nsEnd);
    run("ip", "netns", "exec", ns, "ip", "link", "set", nsEnd, "up");
    run("ip", "netns", "exec", ns, "ip", "link", "set", "lo", "up");
    String[] tbf = {"root", "tbf", "rate", rate, "burst", "32kbit", "latency", "50ms"};
    run(concat(new String[] {"tc", "qdisc", "add", "dev", hostEnd}, tbf));
    run(concat(new String[] {"ip", "netns", "exec", ns, "tc", "qdisc", "add", "dev", nsEnd}, tbf));
    this.dir = Files.createTempDirectory("redis-slow-");
    this.redis =
        new ProcessBuilder(
                "ip",
                "netns",
                "exec",
                ns,
                "redis-server",
                "--port",
                "6379",
                "--bind",
                address,
                "--protected-mode",
                "no",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                dir.toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("redis.log").toFile())
            .start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!ping()) {
      if (System.nanoTime() > deadline || !redis.isAlive()) {
        close();
        throw new IllegalStateException(
            "redis-server in "
                + ns
                + " did not answer: "
                + Files.readString(dir.resolve("redis.log")));
      }
      Thread.sleep(50);
    }
  }

  String uri() {
    return "redis://" + address + ":6379";
  }

  private boolean ping() throws Exception {
    Process p = new ProcessBuilder("redis-cli", "-h", address, "-p", "6379", "ping").start();
    return p.waitFor(5, TimeUnit.SECONDS)
        && new String(p.getInputStream().readAllBytes()).trim().equals("PONG");
  }

  @Override
  public void close() {
    if (redis != null) {
      redis.destroyForcibly();
    }
    quietly("ip", "link", "del", hostEnd); // removes both ends
    quietly("ip", "netns", "del", ns);
  }

  private static void run(String... cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(Duration.ofSeconds(20).toSeconds(), TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException(String.join(" ", cmd) + " failed: " + out);
    }
  }

  private static void quietly(String... cmd) {
    try {
      run(cmd);
    } catch (Exception ignored) {
      // already gone
    }
  }

  private static String[] concat(String[] a, String[] b) {
    List<String> out = new ArrayList<>(List.of(a));
    out.addAll(List.of(b));
    return out.toArray(String[]::new);
  }
}
