package io.detektr.deploy.commands;

import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * One command to run on the server, as data: an argument vector. Built by {@link Commands},
 * compared by equality in unit tests, turned into a POSIX-shell-quoted line only at the SSH
 * boundary ({@link #toShell()}), so no argument is ever interpreted by the remote shell.
 */
public record RemoteCommand(List<String> argv) {
  private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_@%+=:,./-]+");

  public RemoteCommand {
    if (argv.isEmpty()) {
      throw new IllegalArgumentException("empty command");
    }
    argv = List.copyOf(argv);
  }

  public static RemoteCommand of(String... argv) {
    return new RemoteCommand(List.of(argv));
  }

  /** The line the remote shell receives; every argument that needs it is single-quoted. */
  public String toShell() {
    return argv.stream().map(RemoteCommand::quote).collect(Collectors.joining(" "));
  }

  /** {@code arg} as one word of a POSIX shell line. */
  public static String quote(String arg) {
    if (SAFE.matcher(arg).matches()) {
      return arg;
    }
    return "'" + arg.replace("'", "'\"'\"'") + "'";
  }

  @Override
  public String toString() {
    return toShell();
  }
}
