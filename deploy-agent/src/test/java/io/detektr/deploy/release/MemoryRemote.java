package io.detektr.deploy.release;

import io.detektr.deploy.commands.RemoteCommand;
import io.detektr.deploy.remote.ExecResult;
import io.detektr.deploy.remote.Remote;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A server's file system in memory, for the release store's own logic (the lock, the pointer): the
 * SFTP side of {@link Remote}; commands and tunnels are not supported.
 */
final class MemoryRemote implements Remote {
  final Map<String, byte[]> files = new ConcurrentHashMap<>();
  final Set<String> dirs = ConcurrentHashMap.newKeySet();

  @Override
  public ExecResult exec(RemoteCommand command, Duration timeout, byte[] stdin) {
    throw new UnsupportedOperationException(command.toShell());
  }

  @Override
  public void write(String path, byte[] content, int mode) {
    files.put(path, content.clone());
  }

  @Override
  public void append(String path, String line) {
    byte[] old = files.getOrDefault(path, new byte[0]);
    files.put(path, (new String(old, StandardCharsets.UTF_8) + line + "\n").getBytes());
  }

  @Override
  public Optional<byte[]> read(String path) {
    return Optional.ofNullable(files.get(path));
  }

  @Override
  public boolean exists(String path) {
    return files.containsKey(path) || dirs.contains(path);
  }

  @Override
  public void mkdirs(String path) {
    dirs.add(path);
  }

  @Override
  public boolean mkdirExclusive(String path) {
    return dirs.add(path);
  }

  @Override
  public List<String> list(String dir) {
    List<String> out = new ArrayList<>();
    for (String p : dirs) {
      if (p.startsWith(dir + "/") && p.indexOf('/', dir.length() + 1) < 0) {
        out.add(p.substring(dir.length() + 1));
      }
    }
    return out;
  }

  @Override
  public void remove(String path) {
    dirs.removeIf(p -> p.equals(path) || p.startsWith(path + "/"));
    files.keySet().removeIf(p -> p.equals(path) || p.startsWith(path + "/"));
  }

  @Override
  public Tunnel connect(String host, int port) {
    throw new UnsupportedOperationException();
  }

  @Override
  public String describe() {
    return "memory";
  }

  @Override
  public void close() {}
}
