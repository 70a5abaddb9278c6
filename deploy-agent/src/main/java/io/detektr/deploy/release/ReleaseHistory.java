package io.detektr.deploy.release;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** Pure rules of release numbering, rollback targets and pruning. */
public final class ReleaseHistory {
  private static final Pattern ID = Pattern.compile("\\d{4,}");

  private ReleaseHistory() {}

  public static boolean isReleaseId(String name) {
    return ID.matcher(name).matches();
  }

  /** The next id after the highest existing one: {@code 0001} for none. */
  public static String nextId(List<String> existingNames) {
    int max =
        existingNames.stream()
            .filter(ReleaseHistory::isReleaseId)
            .mapToInt(Integer::parseInt)
            .max()
            .orElse(0);
    return format(max + 1);
  }

  public static String format(int number) {
    return String.format("%04d", number);
  }

  /** Newest first. */
  public static List<Release> newestFirst(List<Release> releases) {
    List<Release> out = new ArrayList<>(releases);
    out.sort(Comparator.comparingInt(Release::number).reversed());
    return out;
  }

  /** The newest release older than {@code current} that passed health: the rollback target. */
  public static Optional<Release> previousGood(List<Release> releases, String current) {
    int cur = current == null ? Integer.MAX_VALUE : Integer.parseInt(current);
    return newestFirst(releases).stream()
        .filter(r -> r.number() < cur && Release.LIVE.equals(r.outcome()))
        .findFirst();
  }

  /**
   * Releases to delete so that {@code keep} remain: the oldest first, never {@code current} and
   * never the newest good release before it (the rollback target).
   */
  public static List<String> toPrune(List<Release> releases, String current, int keep) {
    List<Release> newest = newestFirst(releases);
    String target = previousGood(releases, current).map(Release::id).orElse(null);
    List<String> out = new ArrayList<>();
    for (int i = keep; i < newest.size(); i++) {
      String id = newest.get(i).id();
      if (!id.equals(current) && !id.equals(target)) {
        out.add(id);
      }
    }
    return out;
  }
}
