package io.detektr.deploy.ops;

import io.detektr.deploy.Secrets;
import java.time.Duration;
import java.util.function.Supplier;

/** Numbers, times and reports the steps of one plan ({@code [3/9] pulling images ... 4.2 s}). */
public final class Steps {
  private final String phase;
  private final int total;
  private final EventSink sink;
  private final Secrets secrets;
  private int index;

  public Steps(String phase, int total, EventSink sink, Secrets secrets) {
    this.phase = phase;
    this.total = total;
    this.sink = sink;
    this.secrets = secrets;
  }

  /** Thrown out of a step, carrying the step's title so that failures can name it. */
  public static final class StepFailed extends io.detektr.deploy.DeployException {
    private static final long serialVersionUID = 1L;
    private final String step;

    StepFailed(String step, io.detektr.deploy.DeployException cause) {
      super(cause.getMessage(), cause.advice(), cause.retriable(), cause);
      this.step = step;
    }

    public String step() {
      return step;
    }
  }

  /** Runs a step whose body returns a short detail (or null). */
  public String run(String title, Supplier<String> body) {
    int i = ++index;
    sink.on(new Event.StepStarted(phase, i, total, title));
    long t0 = System.nanoTime();
    try {
      String detail = body.get();
      sink.on(
          new Event.StepFinished(
              phase, i, total, title, since(t0), true, detail == null ? "" : secrets.mask(detail)));
      return detail;
    } catch (io.detektr.deploy.DeployException e) {
      sink.on(
          new Event.StepFinished(
              phase, i, total, title, since(t0), false, secrets.mask(e.getMessage())));
      throw e instanceof StepFailed ? e : new StepFailed(title, e);
    } catch (RuntimeException e) {
      sink.on(
          new Event.StepFinished(
              phase, i, total, title, since(t0), false, secrets.mask(String.valueOf(e))));
      throw new StepFailed(
          title,
          new io.detektr.deploy.DeployException(
              secrets.mask(String.valueOf(e)),
              "this is a bug of the agent; rerun with --stacktrace and report it",
              false,
              e));
    }
  }

  public void skip(String title, String reason) {
    int i = ++index;
    sink.on(new Event.StepSkipped(phase, i, total, title, reason));
  }

  private static Duration since(long t0) {
    return Duration.ofNanos(System.nanoTime() - t0);
  }
}
