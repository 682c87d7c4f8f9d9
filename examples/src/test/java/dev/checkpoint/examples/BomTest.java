package dev.checkpoint.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * The examples are built the way the README tells a user to build: checkpoint-bom imported, and no
 * Checkpoint module's version written anywhere else. Since this module compiles and its tests run,
 * the BOM resolves every module they use; this test makes sure it is the only thing that could
 * have.
 */
class BomTest {

  @Test
  void theBomManagesEveryPublishedModuleAtTheBuildsVersionAndNothingElse() throws Exception {
    Element bom = pom(Repo.root().resolve("checkpoint-bom/pom.xml"));
    assertThat(child(bom, "parent"))
        .as("the BOM inherits nothing (no third-party versions)")
        .isNull();
    assertThat(text(bom, "version")).isEqualTo(buildVersion());

    Map<String, String> managed = new TreeMap<>();
    for (Element d : dependencies(child(bom, "dependencyManagement"))) {
      assertThat(text(d, "groupId")).isEqualTo("dev.checkpoint");
      managed.put(text(d, "artifactId"), text(d, "version"));
    }
    assertThat(managed.keySet()).isEqualTo(publishedModules());
    assertThat(new TreeSet<>(managed.values())).containsExactly("${project.version}");
  }

  @Test
  void theExamplesTakeEveryModuleVersionFromTheBomAlone() throws Exception {
    Element examples = pom(Repo.root().resolve("examples/pom.xml"));
    List<Element> imports = dependencies(child(examples, "dependencyManagement"));
    assertThat(imports).hasSize(1);
    Element bomImport = imports.get(0);
    assertThat(text(bomImport, "artifactId")).isEqualTo("checkpoint-bom");
    assertThat(text(bomImport, "version")).isEqualTo(buildVersion());
    assertThat(text(bomImport, "type")).isEqualTo("pom");
    assertThat(text(bomImport, "scope")).isEqualTo("import");

    List<String> modules = new ArrayList<>();
    for (Element d : dependencies(examples)) {
      if (text(d, "groupId").equals("dev.checkpoint")) {
        assertThat(child(d, "version")).as(text(d, "artifactId") + " names no version").isNull();
        modules.add(text(d, "artifactId"));
      }
    }
    assertThat(modules)
        .contains(
            "checkpoint-core",
            "checkpoint-logstore",
            "checkpoint-jdbc",
            "checkpoint-mongo",
            "checkpoint-micrometer");

    Element parent = pom(Repo.root().resolve("pom.xml"));
    for (Element d : dependencies(child(parent, "dependencyManagement"))) {
      assertThat(text(d, "groupId"))
          .as("the parent manages no Checkpoint module")
          .isNotEqualTo("dev.checkpoint");
    }
  }

  @Test
  void theBomsModulesAreOnTheExamplesClasspath() throws Exception {
    // One public class of each module the examples use, loaded through what the BOM resolved.
    for (String type :
        List.of(
            "dev.checkpoint.Checkpointer",
            "dev.checkpoint.logstore.LogStore",
            "dev.checkpoint.jdbc.JdbcPositionStore",
            "dev.checkpoint.mongo.MongoPositionStore",
            "dev.checkpoint.micrometer.CheckpointMetrics")) {
      assertThat(Class.forName(type)).isNotNull();
    }
  }

  /** The reactor's modules that are published: not the BOM, and not those that skip publishing. */
  private static TreeSet<String> publishedModules() throws Exception {
    TreeSet<String> published = new TreeSet<>();
    Element parent = pom(Repo.root().resolve("pom.xml"));
    for (Element m : elements(child(parent, "modules"), "module")) {
      Element module = pom(Repo.root().resolve(m.getTextContent().strip()).resolve("pom.xml"));
      Element props = child(module, "properties");
      boolean skip = props != null && "true".equals(text(props, "checkpoint.skipPublish"));
      if (!skip && !text(module, "packaging").equals("pom")) {
        published.add(text(module, "artifactId"));
      }
    }
    return published;
  }

  private static String buildVersion() throws Exception {
    return text(pom(Repo.root().resolve("pom.xml")), "version");
  }

  private static Element pom(Path file) throws Exception {
    return DocumentBuilderFactory.newInstance()
        .newDocumentBuilder()
        .parse(Files.newInputStream(file))
        .getDocumentElement();
  }

  /** The dependencies directly under {@code e}'s {@code dependencies} element. */
  private static List<Element> dependencies(Element e) {
    assertThat(e).isNotNull();
    return elements(child(e, "dependencies"), "dependency");
  }

  private static List<Element> elements(Element parent, String tag) {
    List<Element> found = new ArrayList<>();
    if (parent == null) {
      return found;
    }
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element c && c.getTagName().equals(tag)) {
        found.add(c);
      }
    }
    return found;
  }

  private static Element child(Element e, String tag) {
    List<Element> found = elements(e, tag);
    return found.isEmpty() ? null : found.get(0);
  }

  private static String text(Element e, String tag) {
    Element c = child(e, tag);
    return c == null ? "" : c.getTextContent().strip();
  }
}
