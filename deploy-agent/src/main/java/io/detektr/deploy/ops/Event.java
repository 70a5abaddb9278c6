package io.detektr.deploy.ops;

import java.time.Duration;

/** What the core reports while it works; the CLI renders these (text or JSON). */
public sealed interface Event {
  /**
   * A step began. {@code phase} is empty for the main plan, e.g. "rollback" for an automatic one.
   */
  record StepStarted(String phase, int index, int total, String title) implements Event {}

  /** A step ended; {@code detail} says what it found or why it failed. */
  record StepFinished(
      String phase, int index, int total, String title, Duration took, boolean ok, String detail)
      implements Event {}

  /** A step that did not apply. */
  record StepSkipped(String phase, int index, int total, String title, String reason)
      implements Event {}

  record Info(String message) implements Event {}

  record Warning(String message) implements Event {}
}
