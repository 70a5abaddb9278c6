package io.detektr.loadtest;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** Turns an exception into the one line a person needs: its innermost meaningful message. */
public final class Failures {
  private Failures() {}

  /** The exception without its CompletionException/ExecutionException wrappers. */
  public static Throwable unwrap(Throwable t) {
    Throwable e = t;
    while ((e instanceof CompletionException || e instanceof ExecutionException)
        && e.getCause() != null) {
      e = e.getCause();
    }
    return e;
  }

  /** {@code message} of the unwrapped exception, or its class name when it has none. */
  public static String describe(Throwable t) {
    Throwable e = unwrap(t);
    String message = e.getMessage();
    return message == null || message.isBlank() ? e.getClass().getName() : message;
  }
}
