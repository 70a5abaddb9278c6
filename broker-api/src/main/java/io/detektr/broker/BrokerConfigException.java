package io.detektr.broker;

import java.util.List;

/**
 * The configuration is invalid: a malformed URI, an unknown scheme, a bad option. Carries every
 * problem found, not only the first, so a user fixes them in one go.
 */
public class BrokerConfigException extends BrokerException {
  private static final long serialVersionUID = 1L;

  private final List<String> problems;

  public BrokerConfigException(String problem) {
    this(List.of(problem));
  }

  public BrokerConfigException(List<String> problems) {
    super(
        problems.size() == 1
            ? problems.get(0)
            : "Invalid broker configuration:\n  - " + String.join("\n  - ", problems));
    this.problems = List.copyOf(problems);
  }

  /** Every problem found, each a sentence that says what to change. */
  public List<String> problems() {
    return problems;
  }
}
