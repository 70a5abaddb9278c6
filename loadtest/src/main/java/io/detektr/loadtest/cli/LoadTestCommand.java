package io.detektr.loadtest.cli;

import io.detektr.broker.Brokers;
import io.detektr.broker.Overflow;
import io.detektr.loadtest.CpuPolicy;
import io.detektr.loadtest.JsonReport;
import io.detektr.loadtest.LoadTest;
import io.detektr.loadtest.LoadTestConfig;
import io.detektr.loadtest.Progress;
import io.detektr.loadtest.RunReport;
import io.detektr.loadtest.SummaryTable;
import io.detektr.loadtest.Thresholds;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code java -jar loadtest.jar [options]}: pushes synthetic frames through the broker and prints
 * throughput, exact loss accounting and latency. Exit codes: 0 passed, 1 a threshold failed or the
 * run could not be done, 2 bad options.
 */
@Command(
    name = "loadtest",
    mixinStandardHelpOptions = true,
    version = "loadtest 0.1.0",
    sortOptions = false,
    usageHelpAutoWidth = true,
    description = {
      "Pushes synthetic frames through the broker: 1 producer, 3 consumers, 1 KiB,"
          + " 1,000 msg/s for 10 s by default. Counts sent, confirmed, received, duplicates, lost and"
          + " out-of-order messages exactly (per-producer sequence numbers) and measures"
          + " publish->confirm and end-to-end latency (HdrHistogram, corrected for coordinated"
          + " omission at fixed rates)."
    },
    footer = {
      "",
      "Exit codes: 0 passed, 1 a threshold failed or the broker failed, 2 bad options.",
      "Example: java -jar loadtest/target/loadtest.jar --broker redis://localhost:6379"
          + " --rate 1000 --duration 60s"
    })
public final class LoadTestCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--broker",
      paramLabel = "URI",
      description =
          "Broker URI: mem://, redis://host:6379 (add ?pack=64 to put up to 64 messages in"
              + " one stream entry), amqp://user:pw@host (default: $BROKER_URL, else mem://).")
  String broker;

  @Option(
      names = "--topic",
      defaultValue = LoadTestConfig.DEFAULT_TOPIC,
      description = "Topic (default: ${DEFAULT-VALUE}).")
  String topic;

  @Option(
      names = "--group",
      defaultValue = LoadTestConfig.DEFAULT_GROUP,
      description = "Consumer group (default: ${DEFAULT-VALUE}).")
  String group;

  @Option(
      names = "--rate",
      paramLabel = "MSG/S",
      defaultValue = "1000",
      description =
          "Messages per second over all producers; 0 = as fast as possible"
              + " (default: ${DEFAULT-VALUE}).")
  int rate;

  @Option(
      names = "--duration",
      converter = Units.DurationConverter.class,
      defaultValue = "10s",
      description = "Measured send window, e.g. 10s, 2m (default: ${DEFAULT-VALUE}).")
  Duration duration;

  @Option(
      names = "--warmup",
      converter = Units.DurationConverter.class,
      defaultValue = "2s",
      description =
          "Sent and counted, but left out of rates and latencies" + " (default: ${DEFAULT-VALUE}).")
  Duration warmup;

  @Option(
      names = "--producers",
      defaultValue = "1",
      description = "Producer threads (default: ${DEFAULT-VALUE}).")
  int producers;

  @Option(
      names = "--consumers",
      defaultValue = "3",
      description = "Consumers in the group (default: ${DEFAULT-VALUE}).")
  int consumers;

  @Option(
      names = "--payload-size",
      paramLabel = "BYTES",
      converter = Units.SizeConverter.class,
      defaultValue = "1KB",
      description = "Payload size: 1024, 1KB, 100KB (1024-based;" + " default: ${DEFAULT-VALUE}).")
  int payloadSize;

  @Option(
      names = "--payload-file",
      paramLabel = "FILE",
      description = "Send this file (e.g. a real JPEG frame) as every payload.")
  Path payloadFile;

  @Option(
      names = "--batch",
      defaultValue = "1",
      description = "Messages a producer sends back to back per step (default: ${DEFAULT-VALUE}).")
  int batch;

  @Option(
      names = "--max-length",
      defaultValue = "0",
      description = "Topic bound in messages; 0 = unbounded (default: ${DEFAULT-VALUE}).")
  long maxLength;

  @Option(
      names = "--overflow",
      defaultValue = "REJECT",
      description = "At --max-length: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  Overflow overflow;

  @Option(
      names = "--max-in-flight",
      defaultValue = "0",
      description = "Unconfirmed publishes per producer before it waits; 0 = API default.")
  int maxInFlight;

  @Option(
      names = "--prefetch",
      defaultValue = "0",
      description = "Messages each consumer fetches ahead; 0 = API default.")
  int prefetch;

  @Option(
      names = "--redeliver-after",
      converter = Units.DurationConverter.class,
      description = "When a stopped consumer's messages go back to the group (API default 30s).")
  Duration redeliverAfter;

  @Option(
      names = "--drain-timeout",
      converter = Units.DurationConverter.class,
      defaultValue = "15s",
      description =
          "After sending, wait for the consumers to catch up until"
              + " nothing new arrives for this long (default: ${DEFAULT-VALUE}).")
  Duration drainTimeout;

  @Option(
      names = "--handle-time",
      converter = Units.DurationConverter.class,
      defaultValue = "0s",
      description =
          "Time each consumer spends on a message before acknowledging it, like a detector's"
              + " inference, e.g. 20ms (default: ${DEFAULT-VALUE}).")
  Duration handleTime;

  @Option(
      names = "--broker-wait",
      converter = Units.DurationConverter.class,
      defaultValue = "2m",
      description =
          "While the broker does not answer after sending (down, or Redis still loading its data),"
              + " the drain waits this long for it before giving up (default: ${DEFAULT-VALUE}).")
  Duration brokerWait;

  @Option(
      names = "--kill-consumer-after",
      converter = Units.DurationConverter.class,
      paramLabel = "DURATION",
      description =
          "Fault injection: consumer 1 dies holding an"
              + " unacknowledged message after this long; its messages must come back as duplicates,"
              + " not loss.")
  Duration killConsumerAfter;

  @Option(
      names = "--min-rate",
      paramLabel = "MSG/S",
      defaultValue = "0",
      description = "Fail below this publish or receive rate; 0 = no limit.")
  double minRate;

  @Option(
      names = "--max-p99",
      converter = Units.DurationConverter.class,
      paramLabel = "DURATION",
      description = "Fail when the end-to-end p99 is above this, e.g. 2ms.")
  Duration maxP99;

  @Option(
      names = "--max-lost",
      defaultValue = "0",
      description = "Fail when more confirmed messages are lost (default: ${DEFAULT-VALUE}).")
  long maxLost;

  @Option(
      names = "--max-failed",
      defaultValue = "0",
      description = "Fail when more publishes fail (default: ${DEFAULT-VALUE}).")
  long maxFailed;

  @Option(
      names = "--max-out-of-order",
      defaultValue = "0",
      paramLabel = "N",
      description =
          "Fail when more messages arrive out of their producer's order at a consumer (default:"
              + " ${DEFAULT-VALUE}); redeliveries after a consumer failed are not counted.")
  long maxOutOfOrder;

  @Option(
      names = "--json",
      paramLabel = "FILE",
      description = "Also write every figure and the configuration to FILE as JSON.")
  Path json;

  @Option(
      names = "--report",
      paramLabel = "FILE",
      description =
          "Also write a self-contained HTML page (charts of throughput, lag and latency"
              + " percentiles; opens without network) to FILE.")
  Path htmlReport;

  @Option(
      names = "--metrics-port",
      paramLabel = "PORT",
      description =
          "Serve the broker.* meters on http://<host>:PORT/metrics while running (for"
              + " Prometheus and the Grafana dashboard); 0 picks a free port.")
  Integer metricsPort;

  @Option(
      names = "--cpu-policy",
      paramLabel = "POLICY",
      description =
          "Linux scheduling policy of the loadtest's threads: ${COMPLETION-CANDIDATES}"
              + " (default: batch at --rate 0, other at a fixed rate). With batch a reply that"
              + " wakes the client never preempts a broker on the same host (throughput), but"
              + " may wait for a scheduler tick (latency); other is Linux's default.")
  CpuPolicy cpuPolicy;

  @Option(names = "--quiet", description = "No live line, only the summary.")
  boolean quiet;

  @Option(
      names = "--stacktrace",
      description = "Print the stack trace of an error, and the drivers' own warnings.")
  boolean stacktrace;

  /** Entry point of the jar. */
  public static void main(String[] args) {
    PrintWriter out = new PrintWriter(System.out, true);
    PrintWriter err = new PrintWriter(System.err, true);
    int code = execute(args, out, err);
    out.flush();
    err.flush();
    System.exit(code);
  }

  /** Runs the command with these streams and returns the exit code (for tests). */
  public static int execute(String[] args, PrintWriter out, PrintWriter err) {
    LoadTestCommand command = new LoadTestCommand();
    CommandLine cli =
        new CommandLine(command).setCaseInsensitiveEnumValuesAllowed(true).setOut(out).setErr(err);
    cli.setParameterExceptionHandler(new ShortUsageError());
    cli.setExecutionExceptionHandler(
        (e, commandLine, parsed) -> ErrorReport.print(e, command.stacktrace, err));
    return cli.execute(args);
  }

  @Override
  public Integer call() throws Exception {
    LoadTestConfig config = config();
    if (!stacktrace) {
      DriverLogs.quiet();
    }
    checkOutputFiles();
    PrintWriter out = spec.commandLine().getOut();
    applyCpuPolicy(config.cpuPolicy());
    List<Progress> samples = new ArrayList<>();
    out.print(SummaryTable.header(config));
    out.flush();
    RunReport report;
    if (metricsPort == null) {
      report = new LoadTest(config).run(progress -> live(out, progress, samples));
    } else {
      try (MetricsEndpoint endpoint = new MetricsEndpoint(metricsPort, topic, group)) {
        out.println("metrics: http://localhost:" + endpoint.port() + "/metrics");
        report =
            new LoadTest(config, endpoint.metrics(), endpoint::connected)
                .run(progress -> live(out, progress, samples));
      }
    }
    out.print(SummaryTable.render(report));
    if (!stacktrace) {
      DriverLogs.providerWarnings().ifPresent(out::println);
    }
    if (json != null) {
      JsonReport.write(report, json);
      out.println("JSON report: " + json);
    }
    if (htmlReport != null) {
      HtmlReport.write(report, samples, htmlReport);
      out.println("HTML report: " + htmlReport);
    }
    out.flush();
    return report.passed() ? 0 : 1;
  }

  /** Before any broker thread exists, so that all of them inherit the policy. */
  private void applyCpuPolicy(CpuPolicy policy) {
    try {
      policy.applyToProcess();
    } catch (IllegalStateException e) {
      spec.commandLine()
          .getErr()
          .println("warning: " + e.getMessage() + "; the threads keep their scheduling policy");
    }
  }

  /** --payload-file, --json and --report are checked before the run, not after it passed. */
  private void checkOutputFiles() {
    if (payloadFile != null && !Files.isReadable(payloadFile)) {
      throw new ParameterException(
          spec.commandLine(),
          "--payload-file "
              + payloadFile
              + (Files.exists(payloadFile) ? " cannot be read" : " does not exist")
              + "; name a file whose bytes are the payload, or use --payload-size");
    }
    for (String problem :
        new String[] {
          json == null ? null : OutputFile.problem("--json", json),
          htmlReport == null ? null : OutputFile.problem("--report", htmlReport)
        }) {
      if (problem != null) {
        throw new ParameterException(spec.commandLine(), problem);
      }
    }
  }

  private void live(PrintWriter out, Progress progress, List<Progress> samples) {
    samples.add(progress);
    if (!quiet) {
      out.println(SummaryTable.liveLine(progress));
      out.flush();
    }
  }

  private LoadTestConfig config() {
    String uri = broker;
    if (uri == null) {
      String env = System.getenv(Brokers.BROKER_URL);
      uri = env == null || env.isBlank() ? Brokers.DEFAULT_URL : env;
    }
    if (metricsPort != null && (metricsPort < 0 || metricsPort > 65_535)) {
      throw new ParameterException(
          spec.commandLine(), "--metrics-port must be 0..65535, was " + metricsPort);
    }
    try {
      return LoadTestConfig.builder()
          .brokerUri(uri)
          .topic(topic)
          .group(group)
          .rate(rate)
          .duration(duration)
          .warmup(warmup)
          .producers(producers)
          .consumers(consumers)
          .payloadSize(payloadSize)
          .payloadFile(payloadFile)
          .batch(batch)
          .maxLength(maxLength)
          .overflow(overflow)
          .maxInFlight(maxInFlight)
          .prefetch(prefetch)
          .redeliverAfter(redeliverAfter)
          .drainTimeout(drainTimeout)
          .brokerWait(brokerWait)
          .handleTime(handleTime)
          .killConsumerAfter(killConsumerAfter)
          .cpuPolicy(cpuPolicy)
          .thresholds(new Thresholds(minRate, maxP99, maxLost, maxFailed, maxOutOfOrder))
          .build();
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage(), e);
    }
  }
}
