package io.detektr.broker.tck.harness;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A minimal RESP client for the harness itself (readiness, CONFIG, INFO, SHUTDOWN), so that the
 * harness does not depend on the driver it helps to test. Replies: String for simple and bulk
 * strings, Long for integers, List for arrays, null for nil; an error reply throws.
 */
public final class RespClient implements AutoCloseable {
  private final Socket socket;
  private final OutputStream out;
  private final InputStream in;

  public RespClient(int port) {
    try {
      socket = new Socket();
      socket.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
      socket.setSoTimeout(10_000);
      out = socket.getOutputStream();
      in = new BufferedInputStream(socket.getInputStream());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot connect to redis on 127.0.0.1:" + port, e);
    }
  }

  /** Runs one command on a fresh connection, authenticating first when {@code password} is set. */
  public static Object call(int port, String password, String... command) {
    try (RespClient c = new RespClient(port)) {
      if (password != null) {
        c.send("AUTH", password);
      }
      return c.send(command);
    }
  }

  public Object send(String... args) {
    try {
      StringBuilder b = new StringBuilder("*").append(args.length).append("\r\n");
      for (String a : args) {
        byte[] bytes = a.getBytes(StandardCharsets.UTF_8);
        b.append('$').append(bytes.length).append("\r\n").append(a).append("\r\n");
      }
      out.write(b.toString().getBytes(StandardCharsets.UTF_8));
      out.flush();
      return read();
    } catch (IOException e) {
      throw new UncheckedIOException("redis command " + args[0] + " failed", e);
    }
  }

  private Object read() throws IOException {
    int type = in.read();
    String line = readLine();
    switch (type) {
      case '+':
        return line;
      case '-':
        throw new IllegalStateException("redis error: " + line);
      case ':':
        return Long.parseLong(line);
      case '$':
        {
          int len = Integer.parseInt(line);
          if (len < 0) {
            return null;
          }
          byte[] data = in.readNBytes(len);
          readLine();
          return new String(data, StandardCharsets.UTF_8);
        }
      case '*':
        {
          int n = Integer.parseInt(line);
          if (n < 0) {
            return null;
          }
          List<Object> items = new ArrayList<>(n);
          for (int i = 0; i < n; i++) {
            items.add(read());
          }
          return items;
        }
      default:
        throw new IOException("unexpected RESP type " + type);
    }
  }

  private String readLine() throws IOException {
    StringBuilder s = new StringBuilder();
    int c;
    while ((c = in.read()) != '\r') {
      if (c < 0) {
        throw new IOException("connection closed");
      }
      s.append((char) c);
    }
    in.read();
    return s.toString();
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException e) {
      // nothing to do
    }
  }
}
