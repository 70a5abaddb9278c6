package io.detektr.deploy.release;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.detektr.deploy.DeployException;
import io.detektr.deploy.Secrets;
import io.detektr.deploy.remote.Remote;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The server side state under {@code remoteDir}: {@code releases/NNNN/} (with {@code
 * release.json}), the {@code current} pointer, the {@code lock/} directory and {@code audit.log}.
 */
public final class ReleaseStore {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final java.time.Duration LOCK_INFO_WAIT = java.time.Duration.ofSeconds(3);
  private final Remote remote;
  private final String dir;
  private final Secrets secrets;

  public ReleaseStore(Remote remote, String remoteDir, Secrets secrets) {
    this.remote = remote;
    this.dir = remoteDir;
    this.secrets = secrets;
  }

  public String releasesDir() {
    return dir + "/releases";
  }

  public String releaseDir(String id) {
    return releasesDir() + "/" + id;
  }

  /** Every release with its metadata, newest first. */
  public List<Release> list() {
    List<Release> out = new ArrayList<>();
    for (String name : remote.list(releasesDir())) {
      if (ReleaseHistory.isReleaseId(name)) {
        out.add(read(name));
      }
    }
    return ReleaseHistory.newestFirst(out);
  }

  /** A fresh release directory with the next number. */
  public String createNext() {
    remote.mkdirs(releasesDir());
    for (int attempt = 0; attempt < 5; attempt++) {
      String id = ReleaseHistory.nextId(remote.list(releasesDir()));
      if (remote.mkdirExclusive(releaseDir(id))) {
        return id;
      }
    }
    throw new DeployException("could not create a new release directory under " + releasesDir());
  }

  public Release read(String id) {
    Optional<byte[]> bytes = remote.read(releaseDir(id) + "/release.json");
    if (bytes.isEmpty()) {
      return new Release(id, Instant.EPOCH, "", "", "", Map.of(), "unknown", "no release.json");
    }
    try {
      Map<String, Object> m =
          JSON.readValue(bytes.get(), new TypeReference<Map<String, Object>>() {});
      @SuppressWarnings("unchecked")
      Map<String, String> images = (Map<String, String>) m.getOrDefault("images", Map.of());
      return new Release(
          id,
          Instant.parse(str(m, "createdAt", Instant.EPOCH.toString())),
          str(m, "gitSha", ""),
          str(m, "tag", ""),
          str(m, "deployedBy", ""),
          images,
          str(m, "outcome", "unknown"),
          str(m, "message", ""));
    } catch (IOException | RuntimeException e) {
      return new Release(
          id,
          Instant.EPOCH,
          "",
          "",
          "",
          Map.of(),
          "unknown",
          "unreadable release.json: " + e.getMessage());
    }
  }

  public void save(Release r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", r.id());
    m.put("createdAt", r.createdAt().toString());
    m.put("gitSha", r.gitSha());
    m.put("tag", r.tag());
    m.put("deployedBy", r.deployedBy());
    m.put("images", r.images());
    m.put("outcome", r.outcome());
    m.put("message", secrets.mask(r.message()));
    try {
      remote.write(releaseDir(r.id()) + "/release.json", JSON.writeValueAsBytes(m), 0644);
    } catch (IOException e) {
      throw new DeployException("cannot encode release.json: " + e, "");
    }
  }

  /**
   * Which release's directory each service's container was created from: a kept (unchanged) service
   * still mounts the files of an older release, which must therefore not be pruned.
   */
  public Map<String, String> applied(String id) {
    Optional<byte[]> b = remote.read(releaseDir(id) + "/applied.json");
    if (b.isEmpty()) {
      return Map.of();
    }
    try {
      return JSON.readValue(b.get(), new TypeReference<Map<String, String>>() {});
    } catch (IOException e) {
      return Map.of();
    }
  }

  public void saveApplied(String id, Map<String, String> serviceToRelease) {
    try {
      remote.write(
          releaseDir(id) + "/applied.json", JSON.writeValueAsBytes(serviceToRelease), 0644);
    } catch (IOException e) {
      throw new DeployException("cannot encode applied.json: " + e, "");
    }
  }

  /** The {@code .env} a release was started with (compose variable to value); empty if none. */
  public Map<String, String> env(String id) {
    Map<String, String> out = new LinkedHashMap<>();
    remote
        .read(releaseDir(id) + "/.env")
        .ifPresent(
            b ->
                new String(b, StandardCharsets.UTF_8)
                    .lines()
                    .filter(l -> l.indexOf('=') > 0)
                    .forEach(
                        l ->
                            out.put(
                                l.substring(0, l.indexOf('=')), l.substring(l.indexOf('=') + 1))));
    return out;
  }

  public Optional<String> current() {
    return remote
        .read(dir + "/current")
        .map(b -> new String(b, StandardCharsets.UTF_8).trim())
        .filter(ReleaseHistory::isReleaseId);
  }

  public void setCurrent(String id) {
    remote.write(dir + "/current", (id + "\n").getBytes(StandardCharsets.UTF_8), 0644);
  }

  public void prune(List<String> ids) {
    for (String id : ids) {
      remote.remove(releaseDir(id));
    }
  }

  /** Takes the lock atomically (mkdir) or throws {@link LockException} naming the holder. */
  public void lock(LockInfo info) {
    remote.mkdirs(dir);
    if (!remote.mkdirExclusive(dir + "/lock")) {
      String holder =
          winnerInfo()
              .filter(i -> !i.since().equals(Instant.EPOCH))
              .map(LockInfo::describe)
              .orElse(
                  "an agent that wrote no lock/info.json within "
                      + LOCK_INFO_WAIT.toSeconds()
                      + " s (it may have died just after taking the lock)");
      throw new LockException(
          "the server " + remote.describe() + " is locked by " + holder,
          "wait for that deploy to finish; if its agent died, run 'deploy-agent repair --force-unlock'"
              + " (removes the lock, re-applies the current release and verifies it)");
    }
    Map<String, String> m = new LinkedHashMap<>();
    m.put("owner", info.owner());
    m.put("since", info.since().toString());
    m.put("action", info.action());
    m.put("reason", secrets.mask(info.reason()));
    try {
      remote.write(dir + "/lock/info.json", JSON.writeValueAsBytes(m), 0644);
    } catch (IOException e) {
      throw new DeployException("cannot encode lock info: " + e, "");
    }
  }

  /**
   * The holder's info; a lock that was taken a moment ago has its info.json written just after the
   * mkdir, so wait for it briefly instead of reporting "unknown since 1970".
   */
  private Optional<LockInfo> winnerInfo() {
    long end = System.nanoTime() + LOCK_INFO_WAIT.toNanos();
    Optional<LockInfo> info = lockInfo();
    while (info.isPresent()
        && info.get().since().equals(Instant.EPOCH)
        && System.nanoTime() < end) {
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      info = lockInfo();
    }
    return info;
  }

  public Optional<LockInfo> lockInfo() {
    if (!remote.exists(dir + "/lock")) {
      return Optional.empty();
    }
    Optional<byte[]> b = remote.read(dir + "/lock/info.json");
    if (b.isEmpty()) {
      return Optional.of(new LockInfo("unknown", Instant.EPOCH, "unknown", "no info.json"));
    }
    try {
      Map<String, String> m = JSON.readValue(b.get(), new TypeReference<Map<String, String>>() {});
      return Optional.of(
          new LockInfo(
              m.getOrDefault("owner", "?"),
              Instant.parse(m.getOrDefault("since", Instant.EPOCH.toString())),
              m.getOrDefault("action", "?"),
              m.getOrDefault("reason", "")));
    } catch (IOException | RuntimeException e) {
      return Optional.of(new LockInfo("unknown", Instant.EPOCH, "unknown", "unreadable info.json"));
    }
  }

  public boolean unlock() {
    if (!remote.exists(dir + "/lock")) {
      return false;
    }
    remote.remove(dir + "/lock");
    return true;
  }

  /** Appends one audit line (masked) to {@code audit.log}. */
  public void audit(String who, String action, String outcome, String detail) {
    remote.mkdirs(dir);
    String line =
        Instant.now()
            + " who="
            + who
            + " action="
            + action
            + " outcome="
            + outcome
            + (detail.isEmpty() ? "" : " " + detail.replace('\n', ' '));
    remote.append(dir + "/audit.log", secrets.mask(line));
  }

  public List<String> auditLines() {
    return remote
        .read(dir + "/audit.log")
        .map(b -> new String(b, StandardCharsets.UTF_8).lines().toList())
        .orElse(List.of());
  }

  private static String str(Map<String, Object> m, String k, String def) {
    Object v = m.get(k);
    return v == null ? def : String.valueOf(v);
  }
}
