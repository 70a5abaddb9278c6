package io.detektr.deploy;

/**
 * Root of every failure the deploy agent reports. Unchecked; the message states the facts, {@link
 * #advice()} says what to do about it, and {@link #retriable()} whether running again may help.
 */
public class DeployException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final String advice;
  private final boolean retriable;

  public DeployException(String message, String advice, boolean retriable, Throwable cause) {
    super(message, cause);
    this.advice = advice == null ? "" : advice;
    this.retriable = retriable;
  }

  public DeployException(String message, String advice) {
    this(message, advice, false, null);
  }

  public DeployException(String message) {
    this(message, "", false, null);
  }

  /** What the operator should do next; empty when nothing useful can be said. */
  public String advice() {
    return advice;
  }

  /** Whether retrying the same action without changes can succeed (network blips, timeouts). */
  public boolean retriable() {
    return retriable;
  }
}
