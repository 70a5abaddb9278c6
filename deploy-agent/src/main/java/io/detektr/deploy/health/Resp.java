package io.detektr.deploy.health;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The few bits of the Redis protocol (RESP2) the agent needs: send a command, read one reply as
 * text. Errors come back as text starting with {@code -}; bulk strings as their content.
 */
public final class Resp {
  private final InputStream in;
  private final OutputStream out;

  public Resp(InputStream in, OutputStream out) {
    this.in = in;
    this.out = out;
  }

  /** Sends {@code args} as one command and returns its reply. */
  public String call(String... args) throws IOException {
    out.write(encode(args));
    out.flush();
    return readReply();
  }

  static byte[] encode(String... args) {
    StringBuilder sb = new StringBuilder("*").append(args.length).append("\r\n");
    for (String a : args) {
      byte[] b = a.getBytes(StandardCharsets.UTF_8);
      sb.append('$').append(b.length).append("\r\n").append(a).append("\r\n");
    }
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  private String readReply() throws IOException {
    String line = readLine();
    if (line.isEmpty()) {
      throw new IOException("empty reply");
    }
    char type = line.charAt(0);
    String rest = line.substring(1);
    switch (type) {
      case '+', ':':
        return rest;
      case '-':
        return line;
      case '$':
        int len = Integer.parseInt(rest);
        if (len < 0) {
          return "";
        }
        return new String(readFully(len + 2), 0, len, StandardCharsets.UTF_8);
      case '*':
        int n = Integer.parseInt(rest);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
          sb.append(readReply()).append('\n');
        }
        return sb.toString();
      default:
        throw new IOException("not a Redis reply: " + line);
    }
  }

  /**
   * Exactly {@code n} bytes. Not {@code InputStream.readNBytes}: it ends with a zero-length read,
   * which blocks forever on an sshj channel stream.
   */
  private byte[] readFully(int n) throws IOException {
    byte[] data = new byte[n];
    int off = 0;
    while (off < n) {
      int r = in.read(data, off, n - off);
      if (r < 0) {
        throw new IOException("connection closed inside a bulk reply");
      }
      off += r;
    }
    return data;
  }

  private String readLine() throws IOException {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    int prev = -1;
    while (true) {
      int c = in.read();
      if (c < 0) {
        throw new IOException("connection closed by the server");
      }
      if (prev == '\r' && c == '\n') {
        byte[] b = buf.toByteArray();
        return new String(b, 0, b.length - 1, StandardCharsets.UTF_8);
      }
      buf.write(c);
      prev = c;
    }
  }
}
