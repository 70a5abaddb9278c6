package io.detektr.broker.tck.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A real {@code redis-server} on a free loopback port with its own temp directory. {@link #kill()}
 * is a crash (SIGKILL); {@link #restart()} starts it again on the same port and directory, so AOF
 * and RDB files are read back.
 */
public final class RedisServer extends TestServer {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(20);

  private final String password;

  private RedisServer(Builder b) {
    super(b.port > 0 ? b.port : FreePorts.next(), START_TIMEOUT);
    int port = port();
    this.password = b.password;
    Path dir;
    try {
      dir = Files.createTempDirectory("redis-" + port + "-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<String> cmd = new ArrayList<>();
    if (b.sentinelConfig != null) {
      Path conf = dir.resolve("sentinel.conf");
      try {
        Files.writeString(conf, b.sentinelConfig);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      cmd.addAll(List.of("redis-server", conf.toString(), "--sentinel"));
    } else {
      cmd.add("redis-server");
    }
    cmd.addAll(
        List.of(
            "--port",
            Integer.toString(port),
            "--bind",
            "127.0.0.1",
            "--dir",
            dir.toString(),
            "--daemonize",
            "no",
            "--protected-mode",
            "no"));
    if (b.sentinelConfig == null) {
      cmd.addAll(List.of("--appendonly", b.appendOnly ? "yes" : "no", "--save", ""));
      if (b.appendOnly) {
        cmd.addAll(List.of("--appendfsync", b.appendFsync));
      }
      if (password != null) {
        cmd.addAll(List.of("--requirepass", password, "--masterauth", password));
      }
    }
    cmd.addAll(b.extraArgs);
    launch(new ServerProcess("redis-" + port, cmd, Map.of(), dir));
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A plain server with a password, no persistence. */
  public static RedisServer start() {
    return builder().password("tck-secret").start();
  }

  public String password() {
    return password;
  }

  /** {@code redis://[:password@]127.0.0.1:port}. */
  public String uri() {
    return "redis://" + (password == null ? "" : ":" + password + "@") + "127.0.0.1:" + port();
  }

  /** Runs a command through the harness's own RESP client. */
  public Object command(String... args) {
    return RespClient.call(port(), password, args);
  }

  /** Options of a test Redis. */
  public static final class Builder {
    private int port;
    private String password;
    private boolean appendOnly;
    private String appendFsync = "everysec";
    private String sentinelConfig;
    private final List<String> extraArgs = new ArrayList<>();

    public Builder port(int value) {
      this.port = value;
      return this;
    }

    public Builder password(String value) {
      this.password = value;
      return this;
    }

    /** AOF on with the given fsync policy ({@code always}, {@code everysec}). */
    public Builder appendOnly(String fsync) {
      this.appendOnly = true;
      this.appendFsync = fsync;
      return this;
    }

    /** Runs in sentinel mode with this config file content (port and dir are added). */
    public Builder sentinel(String config) {
      this.sentinelConfig = config;
      return this;
    }

    /** More {@code --name value} arguments, e.g. {@code --replicaof 127.0.0.1 6380}. */
    public Builder arg(String... args) {
      extraArgs.addAll(List.of(args));
      return this;
    }

    public RedisServer start() {
      return new RedisServer(this);
    }
  }
}
