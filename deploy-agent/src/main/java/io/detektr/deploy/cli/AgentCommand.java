package io.detektr.deploy.cli;

import io.detektr.deploy.DeployException;
import io.detektr.deploy.Secrets;
import io.detektr.deploy.config.ConfigException;
import io.detektr.deploy.config.ConfigLoader;
import io.detektr.deploy.config.DeployConfig;
import io.detektr.deploy.ops.Event;
import io.detektr.deploy.ops.Target;
import io.detektr.deploy.remote.ReconnectingRemote;
import io.detektr.deploy.remote.Remote;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/**
 * Base of the subcommands: loads the config, connects, runs the body and turns failures into a
 * message plus advice and an exit code (0 ok, 1 failed, 2 bad usage or invalid config).
 */
abstract class AgentCommand implements Callable<Integer> {
  @ParentCommand DeployAgentCli cli;

  @Mixin CommonOptions common;

  Renderer renderer;
  Secrets secrets;

  /** The work; returns the exit code. */
  abstract int execute(DeployConfig config) throws Exception;

  abstract String name();

  @Override
  public final Integer call() {
    secrets = new Secrets(cli.env);
    renderer = new Renderer(cli.out, secrets, common.json, common.verbose);
    int code;
    try {
      code = execute(ConfigLoader.load(common.config));
    } catch (ConfigException e) {
      code = fail(e, 2);
    } catch (DeployException e) {
      code = fail(e, 1);
    } catch (Exception e) {
      code =
          fail(
              new DeployException(
                  secrets.mask(String.valueOf(e)),
                  "unexpected: rerun with --stacktrace and report it",
                  false,
                  e),
              1);
    }
    renderer.finish(name(), code);
    return code;
  }

  private int fail(DeployException e, int code) {
    Map<String, Object> err = new LinkedHashMap<>();
    err.put("message", secrets.mask(e.getMessage()));
    err.put("advice", e.advice());
    err.put("retriable", e.retriable());
    renderer.put("error", err);
    if (!common.json) {
      cli.err.println("error: " + secrets.mask(e.getMessage()));
      if (!e.advice().isEmpty()) {
        cli.err.println("  what to do: " + e.advice());
      }
    }
    if (common.stacktrace) {
      e.printStackTrace(cli.err);
    }
    return code;
  }

  /** Exit 2 when the config still holds the committed example's placeholders. */
  static void refusePlaceholders(DeployConfig config) {
    if (!config.placeholders().isEmpty()) {
      throw new ConfigException(config.source().toString(), config.placeholders());
    }
  }

  /**
   * Connects to the configured server (known_hosts verified), connecting again when the connection
   * drops in the middle of an action.
   */
  Remote connect(DeployConfig config) {
    return new ReconnectingRemote(
        () -> cli.connector.apply(config, secrets), m -> renderer.on(new Event.Warning(m)));
  }

  Target target(DeployConfig config, Remote remote) {
    return new Target(config, secrets, remote, renderer, who(cli.env));
  }

  static String who(java.util.function.Function<String, String> env) {
    String user = env.apply("DEPLOY_AGENT_USER");
    if (user == null || user.isBlank()) {
      user = System.getProperty("user.name");
    }
    try {
      return user + "@" + InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return user + "@unknown-host";
    }
  }
}
