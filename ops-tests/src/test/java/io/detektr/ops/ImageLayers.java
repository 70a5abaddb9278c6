package io.detektr.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The files of an image unpacked by {@link JibBuild#unpack}, and its Jib class path. */
record ImageLayers(Path rootfs) {
  /** The entries of {@code /app/jib-classpath-file}, as paths inside the image. */
  List<String> classPath() throws Exception {
    return List.of(Files.readString(file("/app/jib-classpath-file")).strip().split(":"));
  }

  /** Where the image's {@code absolute} path lies in the unpacked layers. */
  Path file(String absolute) {
    return rootfs.resolve(absolute.substring(1));
  }

  /** Every class path entry is in the layers, and each library is a jar, not a directory. */
  void assertClassPathInLayers(List<String> entries) {
    for (String e : entries) {
      assertThat(file(e)).as("class path entry %s", e).exists();
      if (e.startsWith("/app/libs/")) {
        assertThat(file(e)).as("%s must be a jar, not a classes directory", e).isRegularFile();
      }
    }
  }

  /** This JVM running {@code main} from the image's own class path (its layers, not the build). */
  List<String> javaCommand(String main) throws Exception {
    List<String> cp = new ArrayList<>();
    for (String e : classPath()) {
      cp.add(file(e).toString());
    }
    return new ArrayList<>(
        List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp",
            String.join(":", cp),
            main));
  }
}
