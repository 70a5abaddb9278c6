package io.detektr.broker.internal;

import io.detektr.broker.BrokerConfigException;
import java.util.regex.Pattern;

/** Topic and group names valid on every broker: stream keys, exchange and queue names. */
final class Names {
  private static final Pattern VALID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,199}");

  private Names() {}

  static String check(String kind, String name) {
    if (name == null || !VALID.matcher(name).matches()) {
      throw new BrokerConfigException(
          kind
              + " name '"
              + name
              + "' is invalid: use 1-200 letters,"
              + " digits, '.', '_', ':' or '-', starting with a letter or digit");
    }
    return name;
  }
}
