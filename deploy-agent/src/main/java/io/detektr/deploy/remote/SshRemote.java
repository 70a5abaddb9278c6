package io.detektr.deploy.remote;

import io.detektr.deploy.DeployException;
import io.detektr.deploy.Secrets;
import io.detektr.deploy.commands.RemoteCommand;
import io.detektr.deploy.config.DeployConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.connection.channel.direct.DirectConnection;
import net.schmizz.sshj.connection.channel.direct.Session;
import net.schmizz.sshj.sftp.FileAttributes;
import net.schmizz.sshj.sftp.OpenMode;
import net.schmizz.sshj.sftp.RemoteFile;
import net.schmizz.sshj.sftp.RemoteResourceInfo;
import net.schmizz.sshj.sftp.Response;
import net.schmizz.sshj.sftp.SFTPClient;
import net.schmizz.sshj.sftp.SFTPException;
import net.schmizz.sshj.transport.TransportException;
import net.schmizz.sshj.userauth.UserAuthException;

/** {@link Remote} over SSH (sshj): public-key auth, known_hosts verification, SFTP for files. */
public final class SshRemote implements Remote {
  private final SSHClient client;
  private final SFTPClient sftp;
  private final String name;
  private final Secrets secrets;
  private final ExecutorService readers =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "ssh-reader");
            t.setDaemon(true);
            return t;
          });

  private SshRemote(SSHClient client, SFTPClient sftp, String name, Secrets secrets) {
    this.client = client;
    this.sftp = sftp;
    this.name = name;
    this.secrets = secrets;
  }

  /** Connects and authenticates; refuses unknown or changed host keys. */
  public static SshRemote connect(DeployConfig.Ssh ssh, Secrets secrets) {
    String name = ssh.user() + "@" + ssh.host() + ":" + ssh.port();
    SSHClient client = new SSHClient();
    KnownHostsVerifier verifier;
    try {
      verifier = new KnownHostsVerifier(ssh.knownHosts().toFile());
    } catch (IOException e) {
      throw new DeployException("cannot read known_hosts " + ssh.knownHosts() + ": " + e, "");
    }
    client.addHostKeyVerifier(verifier);
    client.setConnectTimeout((int) ssh.connectTimeout().toMillis());
    client.setTimeout((int) ssh.commandTimeout().toMillis());
    try {
      client.connect(ssh.host(), ssh.port());
    } catch (TransportException e) {
      closeQuietly(client);
      KnownHostsVerifier.Rejection why = verifier.rejection();
      if (why != null) {
        throw hostKeyError(why, ssh);
      }
      throw new RemoteException(
          "SSH connection to " + name + " failed: " + e.getMessage(),
          "check host, port and that sshd runs there",
          true,
          e);
    } catch (IOException e) {
      closeQuietly(client);
      throw new RemoteException(
          "cannot connect to " + name + ": " + e,
          "check host, port, firewall and connectTimeout",
          true,
          e);
    }
    try {
      client.authPublickey(ssh.user(), client.loadKeys(ssh.keyPath().toString()));
      return new SshRemote(client, client.newSFTPClient(), name, secrets);
    } catch (UserAuthException e) {
      closeQuietly(client);
      throw new DeployException(
          "SSH key authentication as " + ssh.user() + " failed on " + name,
          "add the public key of "
              + ssh.keyPath()
              + " to ~"
              + ssh.user()
              + "/.ssh/authorized_keys on the server");
    } catch (IOException e) {
      closeQuietly(client);
      throw new RemoteException("SSH login to " + name + " failed: " + e, "", true, e);
    }
  }

  private static HostKeyException hostKeyError(
      KnownHostsVerifier.Rejection why, DeployConfig.Ssh ssh) {
    String keyDesc = why.key();
    String hostEntry = ssh.port() == 22 ? ssh.host() : "[" + ssh.host() + "]:" + ssh.port();
    String scan = "ssh-keyscan -p " + ssh.port() + " " + ssh.host() + " >> " + ssh.knownHosts();
    if (why.changed()) {
      return new HostKeyException(
          "HOST KEY CHANGED for "
              + hostEntry
              + ": the server presents "
              + keyDesc
              + ", which differs from the key in "
              + ssh.knownHosts()
              + ". Refusing to connect.",
          "if the server was really reinstalled, verify the new fingerprint on its console "
              + "(ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub), then remove the old entry "
              + "(ssh-keygen -R '"
              + hostEntry
              + "' -f "
              + ssh.knownHosts()
              + ") and run: "
              + scan);
    }
    return new HostKeyException(
        "unknown host key for "
            + hostEntry
            + ": "
            + keyDesc
            + " is not in "
            + ssh.knownHosts()
            + ". Refusing to connect.",
        "compare the fingerprint with the server's (ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub "
            + "on its console); if they match, trust it with: "
            + scan);
  }

  @Override
  public ExecResult exec(RemoteCommand command, Duration timeout, byte[] stdin) {
    long deadline = System.nanoTime() + timeout.toNanos();
    try (Session session = client.startSession()) {
      Session.Command cmd = session.exec(command.toShell());
      if (stdin != null) {
        try (OutputStream in = cmd.getOutputStream()) {
          in.write(stdin);
        }
      }
      Future<String> out = readers.submit(() -> readAll(cmd.getInputStream()));
      Future<String> err = readers.submit(() -> readAll(cmd.getErrorStream()));
      String stdout = out.get(remaining(deadline), TimeUnit.NANOSECONDS);
      String stderr = err.get(remaining(deadline), TimeUnit.NANOSECONDS);
      cmd.join(Math.max(1, remaining(deadline) / 1_000_000), TimeUnit.MILLISECONDS);
      Integer exit = cmd.getExitStatus();
      // the real output: callers parse it (image paths, digests); printing masks it
      return new ExecResult(command, exit == null ? -1 : exit, stdout, stderr);
    } catch (TimeoutException e) {
      throw new RemoteException(
          "remote command timed out after "
              + timeout.toSeconds()
              + " s: "
              + secrets.mask(command.toShell()),
          "raise commandTimeout or look at the server",
          true,
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RemoteException("interrupted: " + command.toShell(), "", true, e);
    } catch (IOException | ExecutionException e) {
      throw new RemoteException(
          "SSH failure running "
              + secrets.mask(command.toShell())
              + " on "
              + name
              + ": "
              + e.getMessage(),
          "",
          true,
          e);
    }
  }

  private static long remaining(long deadline) {
    return Math.max(1, deadline - System.nanoTime());
  }

  private static String readAll(InputStream in) throws IOException {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    in.transferTo(buf);
    return buf.toString(StandardCharsets.UTF_8);
  }

  @Override
  public void write(String path, byte[] content, int mode) {
    String tmp = path + ".tmp-" + System.nanoTime();
    try (RemoteFile f =
        sftp.open(
            tmp,
            EnumSet.of(OpenMode.WRITE, OpenMode.CREAT, OpenMode.TRUNC),
            new FileAttributes.Builder().withPermissions(mode).build())) {
      f.write(0, content, 0, content.length);
    } catch (IOException e) {
      throw io("write " + path, e);
    }
    try {
      sftp.chmod(tmp, mode);
    } catch (IOException e) {
      throw io("chmod " + path, e);
    }
    exec(RemoteCommand.of("mv", "-f", tmp, path), Duration.ofSeconds(30)).checked();
  }

  @Override
  public void append(String path, String line) {
    byte[] bytes = (line + "\n").getBytes(StandardCharsets.UTF_8);
    try (RemoteFile f =
        sftp.open(
            path,
            EnumSet.of(OpenMode.WRITE, OpenMode.CREAT, OpenMode.APPEND),
            new FileAttributes.Builder().withPermissions(0640).build())) {
      f.write(f.length(), bytes, 0, bytes.length);
    } catch (IOException e) {
      throw io("append to " + path, e);
    }
  }

  @Override
  public Optional<byte[]> read(String path) {
    if (!exists(path)) {
      return Optional.empty();
    }
    try (RemoteFile f = sftp.open(path, EnumSet.of(OpenMode.READ));
        InputStream in = f.new RemoteFileInputStream()) {
      return Optional.of(in.readAllBytes());
    } catch (SFTPException e) {
      if (e.getStatusCode() == Response.StatusCode.NO_SUCH_FILE) {
        return Optional.empty();
      }
      throw io("read " + path, e);
    } catch (IOException e) {
      throw io("read " + path, e);
    }
  }

  @Override
  public boolean exists(String path) {
    try {
      return sftp.statExistence(path) != null;
    } catch (IOException e) {
      throw io("stat " + path, e);
    }
  }

  @Override
  public void mkdirs(String path) {
    try {
      sftp.mkdirs(path);
    } catch (IOException e) {
      throw io("mkdir -p " + path, e);
    }
  }

  @Override
  public boolean mkdirExclusive(String path) {
    try {
      sftp.mkdir(path);
      return true;
    } catch (IOException e) {
      if (exists(path)) {
        return false;
      }
      throw io("mkdir " + path, e);
    }
  }

  @Override
  public List<String> list(String dir) {
    try {
      if (sftp.statExistence(dir) == null) {
        return List.of();
      }
      List<String> names = new ArrayList<>();
      for (RemoteResourceInfo i : sftp.ls(dir)) {
        names.add(i.getName());
      }
      return names;
    } catch (IOException e) {
      throw io("ls " + dir, e);
    }
  }

  @Override
  public void remove(String path) {
    exec(RemoteCommand.of("rm", "-rf", "--", path), Duration.ofMinutes(2)).checked();
  }

  @Override
  public Tunnel connect(String host, int port) {
    DirectConnection conn;
    try {
      conn = client.newDirectConnection(host, port);
    } catch (IOException e) {
      throw new RemoteException(
          "the server cannot open " + host + ":" + port + ": " + e.getMessage(), "", true, e);
    }
    return new Tunnel() {
      @Override
      public InputStream in() {
        return conn.getInputStream();
      }

      @Override
      public OutputStream out() {
        return conn.getOutputStream();
      }

      @Override
      public void close() {
        try {
          conn.close();
        } catch (IOException e) {
          // closing a tunnel that the far end already closed
        }
      }
    };
  }

  /**
   * Whether the SSH transport still runs. Not {@code client.isConnected()} alone: that asks the
   * socket, which stays "connected" after the server end died.
   */
  @Override
  public boolean isConnected() {
    return client.isConnected() && client.getTransport().isRunning() && client.isAuthenticated();
  }

  /** Whether {@code e} comes from the SSH transport or connection layer breaking down. */
  static boolean isConnectionLoss(Throwable e) {
    for (Throwable c = e; c != null; c = c.getCause()) {
      if (c instanceof net.schmizz.sshj.connection.channel.OpenFailException) {
        return false; // the server refused one channel (e.g. a closed port): the connection is fine
      }
      if (c instanceof TransportException
          || c instanceof net.schmizz.sshj.connection.ConnectionException
          || c instanceof java.net.SocketException
          || c instanceof java.io.EOFException) {
        return true;
      }
    }
    return false;
  }

  @Override
  public String describe() {
    return name;
  }

  private RemoteException io(String what, IOException e) {
    // OpenSSH's sftp-server answers a full disk (ENOSPC) with the generic status "Failure"
    boolean generic =
        e instanceof SFTPException s && s.getStatusCode() == Response.StatusCode.FAILURE;
    return new RemoteException(
        "SFTP " + what + " on " + name + " failed: " + e.getMessage(),
        generic
            ? "the server's disk may be full or the directory not writable: check 'df -h "
                + parentOf(what)
                + "' on the server, free space (e.g. old images: docker image prune), retry"
            : "",
        !generic,
        e);
  }

  private static String parentOf(String what) {
    int space = what.lastIndexOf(' ');
    String path = space < 0 ? what : what.substring(space + 1);
    int slash = path.lastIndexOf('/');
    return slash <= 0 ? path : path.substring(0, slash);
  }

  @Override
  public void close() {
    readers.shutdownNow();
    try {
      sftp.close();
    } catch (IOException e) {
      // best effort
    }
    closeQuietly(client);
  }

  private static void closeQuietly(SSHClient c) {
    try {
      c.disconnect();
    } catch (IOException e) {
      // best effort
    }
  }
}
