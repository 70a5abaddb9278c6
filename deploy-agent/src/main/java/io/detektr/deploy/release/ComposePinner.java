package io.detektr.deploy.release;

import io.detektr.deploy.DeployException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.representer.Representer;

/**
 * Rewrites a compose file so that the given services run images pinned by digest. The file is
 * otherwise kept as it is (comments are lost: the original is uploaded next to it).
 */
public final class ComposePinner {
  private ComposePinner() {}

  /** The services of a compose file, in file order. */
  public static List<String> services(String composeYaml) {
    return new ArrayList<>(servicesOf(load(composeYaml)).keySet());
  }

  /**
   * The compose file with {@code depends_on} removed from {@code services}: what their own {@code
   * up} runs on, because podman-compose 1.0.3 ignores {@code --no-deps} and would recreate Redis
   * (the dependency) a second time after its health was verified.
   */
  public static String withoutDependencies(String composeYaml, List<String> services) {
    Map<String, Object> root = load(composeYaml);
    Map<String, Object> all = servicesOf(root);
    for (String name : services) {
      if (all.get(name) instanceof Map<?, ?> s) {
        s.remove("depends_on");
      }
    }
    return dump(root);
  }

  /**
   * The engine names of the named volumes a service mounts ({@code redis-data:/data} of project
   * {@code p} is {@code p_redis-data}, or the volume's {@code name:}), in mount order.
   */
  public static List<String> namedVolumes(String composeYaml, String service, String project) {
    Map<String, Object> root = load(composeYaml);
    List<String> out = new ArrayList<>();
    if (!(servicesOf(root).get(service) instanceof Map<?, ?> svc)
        || !(svc.get("volumes") instanceof List<?> mounts)) {
      return out;
    }
    Map<?, ?> declared = root.get("volumes") instanceof Map<?, ?> m ? m : Map.of();
    for (Object mount : mounts) {
      String source = null;
      if (mount instanceof String s && s.contains(":")) {
        source = s.substring(0, s.indexOf(':'));
      } else if (mount instanceof Map<?, ?> long_ && "volume".equals(long_.get("type"))) {
        source = String.valueOf(long_.get("source"));
      }
      if (source == null
          || source.startsWith(".")
          || source.startsWith("/")
          || source.startsWith("~")) {
        continue;
      }
      Object decl = declared.get(source);
      out.add(
          decl instanceof Map<?, ?> d && d.get("name") != null
              ? String.valueOf(d.get("name"))
              : project + "_" + source);
    }
    return out;
  }

  public static String pin(String composeYaml, Map<String, String> serviceToImage) {
    Map<String, Object> root = load(composeYaml);
    Map<String, Object> services = servicesOf(root);
    for (Map.Entry<String, String> e : serviceToImage.entrySet()) {
      Object svc = services.get(e.getKey());
      if (!(svc instanceof Map)) {
        throw new DeployException(
            "the compose file has no service '" + e.getKey() + "' to pin image " + e.getValue(),
            "fix images[].service in the config or the compose file");
      }
      @SuppressWarnings("unchecked")
      Map<String, Object> s = (Map<String, Object>) svc;
      s.put("image", e.getValue());
    }
    return dump(root);
  }

  private static String dump(Map<String, Object> root) {
    DumperOptions o = new DumperOptions();
    o.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
    o.setIndent(2);
    return new Yaml(new SafeConstructor(new LoaderOptions()), new Representer(o), o).dump(root);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> load(String yaml) {
    Object root = new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
    if (!(root instanceof Map)) {
      throw new DeployException("the compose file is not a YAML mapping");
    }
    return (Map<String, Object>) root;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> servicesOf(Map<String, Object> root) {
    Object s = root.get("services");
    if (!(s instanceof Map)) {
      throw new DeployException("the compose file has no 'services' mapping");
    }
    return (Map<String, Object>) s;
  }
}
