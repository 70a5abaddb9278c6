package io.detektr.deploy.remote;

import io.detektr.deploy.commands.RemoteCommand;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** A connected server: commands, files (SFTP) and TCP connections made from the server's side. */
public interface Remote extends AutoCloseable {
  /** Runs {@code command}; never throws on a non-zero exit (see {@link ExecResult#checked()}). */
  default ExecResult exec(RemoteCommand command, Duration timeout) {
    return exec(command, timeout, null);
  }

  /** Runs {@code command} with {@code stdin} (may be null) as its standard input. */
  ExecResult exec(RemoteCommand command, Duration timeout, byte[] stdin);

  /** Writes {@code content} to {@code path} atomically (temp file + rename) with {@code mode}. */
  void write(String path, byte[] content, int mode);

  /** Appends one line (a newline is added). */
  void append(String path, String line);

  Optional<byte[]> read(String path);

  boolean exists(String path);

  void mkdirs(String path);

  /** Creates {@code path}; false when it already exists. Atomic: the lock primitive. */
  boolean mkdirExclusive(String path);

  /** Names in a directory (no . and ..); empty when it does not exist. */
  List<String> list(String dir);

  /** Removes a file, or a directory with everything in it. */
  void remove(String path);

  /** A TCP connection to {@code host:port} as seen from the server (SSH direct-tcpip). */
  Tunnel connect(String host, int port);

  /** Whether the connection is still up (a remote that cannot drop is always connected). */
  default boolean isConnected() {
    return true;
  }

  /** Human-readable name of the server, e.g. {@code deploy@nebula:22}. */
  String describe();

  @Override
  void close();

  /** A byte stream pair to a server-side TCP endpoint. */
  interface Tunnel extends AutoCloseable {
    InputStream in();

    OutputStream out();

    @Override
    void close();
  }
}
