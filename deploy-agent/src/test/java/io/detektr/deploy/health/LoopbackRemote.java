package io.detektr.deploy.health;

import io.detektr.deploy.commands.RemoteCommand;
import io.detektr.deploy.remote.ExecResult;
import io.detektr.deploy.remote.Remote;
import io.detektr.deploy.remote.RemoteException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A {@link Remote} whose server is this machine: tunnels are plain loopback sockets, as the SSH
 * direct-tcpip channel would open them on the server (a refused port fails the same way). Only
 * {@link #connect} is supported: the checks need nothing else.
 */
final class LoopbackRemote implements Remote {
  @Override
  public Tunnel connect(String host, int port) {
    Socket s = new Socket();
    try {
      s.connect(new InetSocketAddress(host, port), 2000);
    } catch (IOException e) {
      throw new RemoteException(
          "the server cannot open " + host + ":" + port + ": " + e.getMessage(), "", true, e);
    }
    return new Tunnel() {
      @Override
      public InputStream in() {
        try {
          return s.getInputStream();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }

      @Override
      public OutputStream out() {
        try {
          return s.getOutputStream();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }

      @Override
      public void close() {
        try {
          s.close();
        } catch (IOException e) {
          // already closed
        }
      }
    };
  }

  @Override
  public ExecResult exec(RemoteCommand command, Duration timeout, byte[] stdin) {
    throw new UnsupportedOperationException();
  }

  @Override
  public void write(String path, byte[] content, int mode) {
    throw new UnsupportedOperationException();
  }

  @Override
  public void append(String path, String line) {
    throw new UnsupportedOperationException();
  }

  @Override
  public Optional<byte[]> read(String path) {
    throw new UnsupportedOperationException();
  }

  @Override
  public boolean exists(String path) {
    throw new UnsupportedOperationException();
  }

  @Override
  public void mkdirs(String path) {
    throw new UnsupportedOperationException();
  }

  @Override
  public boolean mkdirExclusive(String path) {
    throw new UnsupportedOperationException();
  }

  @Override
  public List<String> list(String dir) {
    throw new UnsupportedOperationException();
  }

  @Override
  public void remove(String path) {
    throw new UnsupportedOperationException();
  }

  @Override
  public String describe() {
    return "loopback";
  }

  @Override
  public void close() {}
}
