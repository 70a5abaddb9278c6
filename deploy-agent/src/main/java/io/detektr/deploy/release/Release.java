package io.detektr.deploy.release;

import java.time.Instant;
import java.util.Map;

/**
 * One release directory on the server and its {@code release.json}.
 *
 * @param id zero-padded number, e.g. {@code 0007}
 * @param images compose service to the pinned image reference ({@code repo@sha256:...})
 * @param outcome {@link #DEPLOYING}, {@link #LIVE} (passed health at least once) or {@link #FAILED}
 */
public record Release(
    String id,
    Instant createdAt,
    String gitSha,
    String tag,
    String deployedBy,
    Map<String, String> images,
    String outcome,
    String message) {
  public static final String DEPLOYING = "deploying";
  public static final String LIVE = "live";
  public static final String FAILED = "failed";

  public Release withOutcome(String newOutcome, String newMessage) {
    return new Release(id, createdAt, gitSha, tag, deployedBy, images, newOutcome, newMessage);
  }

  public int number() {
    return Integer.parseInt(id);
  }
}
