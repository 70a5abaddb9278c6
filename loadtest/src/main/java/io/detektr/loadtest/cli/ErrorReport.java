package io.detektr.loadtest.cli;

import io.detektr.broker.BrokerConfigException;
import io.detektr.broker.BrokerException;
import io.detektr.broker.BrokerUnavailableException;
import io.detektr.loadtest.Failures;
import java.io.PrintWriter;

/**
 * Turns an exception into one line of advice and an exit code, like Jib's HelpfulSuggestions: the
 * stack trace only with {@code --stacktrace}. The broker API's messages already say what to do.
 */
final class ErrorReport {
  static final int RUN_FAILED = 1;
  static final int BAD_OPTIONS = 2;

  private ErrorReport() {}

  static int print(Exception e, boolean stacktrace, PrintWriter err) {
    Throwable cause = Failures.unwrap(e);
    String message = Failures.describe(cause);
    int code = RUN_FAILED;
    if (cause instanceof BrokerConfigException) {
      code = BAD_OPTIONS;
      message = "invalid configuration: " + message; // a bad --broker URI, or limits that clash
    } else if (cause instanceof BrokerUnavailableException) {
      message = "broker unavailable: " + message;
      if (!message.contains("BROKER_URL")) {
        message += " (is it running? check --broker or BROKER_URL)";
      }
    } else if (!(cause instanceof BrokerException)) {
      message = cause.getClass().getSimpleName() + ": " + message;
    }
    err.println("loadtest: error: " + message);
    if (stacktrace) {
      cause.printStackTrace(err);
    } else {
      err.println("(run with --stacktrace for details)");
    }
    err.flush();
    return code;
  }
}
