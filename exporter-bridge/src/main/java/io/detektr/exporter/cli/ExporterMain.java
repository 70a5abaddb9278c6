package io.detektr.exporter.cli;

import io.detektr.broker.BrokerConfigException;
import io.detektr.broker.Brokers;
import io.detektr.exporter.BrokerCollectors;
import io.detektr.exporter.BrokerState;
import io.detektr.exporter.MetricsServer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The standalone exporter: serves {@code /metrics} with the statistics of the Redis and RabbitMQ
 * servers it is pointed at, in place of a redis_exporter container. Exit codes: 0 stopped, 1
 * failed, 2 bad usage.
 */
@Command(
    name = "exporter-bridge",
    mixinStandardHelpOptions = true,
    version = "0.1.0",
    sortOptions = false,
    description =
        "Prometheus exporter for the frame broker's Redis and RabbitMQ servers:"
            + " serves /metrics and /health.",
    footer = {
      "",
      "Example:",
      "  java -jar exporter-bridge.jar --broker redis://localhost:6379"
          + " --broker amqp://guest:guest@localhost:5672 --streams frames,frames.dlq",
      "Credentials may come from BROKER_USERNAME / BROKER_PASSWORD instead of the URI.",
      "Health: /health answers 200 when every broker answered its last scrape, 503 otherwise;"
          + " /health/live answers 200 while the process serves.",
      "Exit codes: 0 stopped by a signal, 1 failed (e.g. cannot listen), 2 bad options."
    })
public final class ExporterMain implements Callable<Integer> {
  @Option(
      names = "--listen",
      paramLabel = "HOST:PORT",
      defaultValue = "0.0.0.0:9121",
      converter = ListenAddress.class,
      description = "Address to serve /metrics on (default: ${DEFAULT-VALUE}).")
  InetSocketAddress listen;

  @Option(
      names = "--broker",
      paramLabel = "URI",
      description =
          "Broker to watch, repeatable: redis://, rediss://, redis-sentinel://,"
              + " amqp://, amqps:// (RabbitMQ needs its management plugin; management-port or"
              + " management-url URI parameters override http://host:15672). Default: $BROKER_URL.")
  List<String> brokers = new ArrayList<>();

  @Option(
      names = "--streams",
      paramLabel = "NAME",
      split = ",",
      description = "Redis streams to inspect with XINFO, comma-separated.")
  List<String> streams = new ArrayList<>();

  @Option(
      names = "--scrape-timeout",
      paramLabel = "DURATION",
      defaultValue = "PT2S",
      converter = DurationConverter.class,
      description =
          "Longest time one broker may take per scrape, e.g. 2s, 500ms, 2 (seconds)"
              + " (default: 2s).")
  Duration scrapeTimeout;

  @Option(
      names = "--stacktrace",
      description = "Print the stack trace of an error, and the drivers' own warnings.")
  boolean stacktrace;

  private final Map<String, String> env;
  private final CountDownLatch stop = new CountDownLatch(1);

  ExporterMain(Map<String, String> env) {
    this.env = env;
  }

  public static void main(String[] args) {
    // driver chatter (Lettuce reconnect notices) only when something is wrong
    if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
      System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    }
    System.exit(run(System.getenv(), args));
  }

  /** Runs the exporter until the JVM is asked to stop; returns the exit code. */
  static int run(Map<String, String> env, String... args) {
    ExporterMain main = new ExporterMain(env);
    CommandLine cli = new CommandLine(main);
    // a bad option: one line and where to look, not the whole usage
    cli.setParameterExceptionHandler(
        (e, a) -> {
          e.getCommandLine().getErr().println("exporter-bridge: error: " + e.getMessage());
          e.getCommandLine().getErr().println("Try 'exporter-bridge --help' for the options.");
          return 2;
        });
    cli.setExecutionExceptionHandler(
        (e, c, parsed) -> {
          c.getErr().println("exporter-bridge: error: " + e);
          if (main.stacktrace) {
            e.printStackTrace(c.getErr());
          } else {
            c.getErr().println("(run with --stacktrace for details)");
          }
          return 1;
        });
    return cli.execute(args);
  }

  @Override
  public Integer call() throws InterruptedException {
    if (stacktrace) {
      System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "info");
    }
    PrintWriter err = new PrintWriter(System.err, true);
    List<String> uris = new ArrayList<>(brokers);
    if (uris.isEmpty() && !env.getOrDefault(Brokers.BROKER_URL, "").isBlank()) {
      uris.add(env.get(Brokers.BROKER_URL));
    }
    if (uris.isEmpty()) {
      err.println(
          "exporter-bridge: nothing to watch; pass --broker redis://host:6379 (repeatable)"
              + " or set BROKER_URL. See --help.");
      return 2;
    }
    BrokerCollectors collectors;
    try {
      collectors =
          BrokerCollectors.builder()
              .environment(env)
              .scrapeTimeout(scrapeTimeout)
              .streams(streams)
              .brokers(uris)
              .build();
    } catch (BrokerConfigException e) {
      err.println("exporter-bridge: error: " + e.getMessage());
      if (stacktrace) {
        e.printStackTrace(err);
      }
      err.println("Try 'exporter-bridge --help' for the options.");
      return 2;
    }
    // connect and read every broker once before serving, so the first scrape finds warm
    // connections; a broker that does not answer yet is said here and by /health
    for (BrokerState s : collectors.warmUp(BrokerCollectors.DEFAULT_START_WAIT)) {
      if (!s.up()) {
        err.println(
            "exporter-bridge: "
                + s.broker()
                + " does not answer yet ("
                + s.error()
                + "); serving anyway, it shows as "
                + s.family()
                + "_up 0 and /health answers 503 until it does");
      }
    }
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    collectors.bindTo(registry);
    MetricsServer server;
    try {
      server = MetricsServer.start(registry, listen, collectors);
    } catch (UncheckedIOException e) {
      collectors.close();
      err.println("exporter-bridge: " + e.getMessage());
      return 1;
    }
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  server.close();
                  collectors.close();
                  stop.countDown();
                },
                "exporter-shutdown"));
    System.out.println(
        "exporter-bridge serving http://"
            + listen.getHostString()
            + ":"
            + server.port()
            + "/metrics, watching "
            + String.join(", ", collectors.targets()));
    stop.await();
    return 0;
  }
}
