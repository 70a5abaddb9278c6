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
