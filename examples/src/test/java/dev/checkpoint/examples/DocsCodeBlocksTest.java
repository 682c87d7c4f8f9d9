package dev.checkpoint.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.checkpoint.TaskConfig;
import dev.checkpoint.examples.DocBlocks.Block;
import dev.checkpoint.logstore.ResumeConfig;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Every code block of README.md and docs/*.md is checked by a test or marked as output:
 *
 * <ul>
 *   <li>{@code java}: equal to a tagged region of the examples' sources (compiled with them);
 *   <li>{@code bash}: each command is one the tests run ({@link DocCommands}, or a {@code
 *       checkpoint-cli.jar} command that {@code DocsCommandsIT} runs);
 *   <li>{@code xml}: Maven dependencies whose coordinates and versions are this build's (a module
 *       may go without a version in a block that imports checkpoint-bom);
 *   <li>{@code json}: positions that parse as a resume.config line;
 *   <li>{@code ini}: a task configuration that parses;
 *   <li>{@code sql} and {@code js}: run against real servers by {@code DocsSqlIT} and {@code
 *       DocsMongoIT};
 *   <li>{@code output} or {@code text} (or the flag {@code output} after the language, for SQL the
 *       library runs or logs): output and illustrations, not checked.
 * </ul>
 *
 * A failure names the file and line of the block.
 */
class DocsCodeBlocksTest {
  static final Set<String> CHECKED = Set.of("java", "bash", "xml", "json", "ini", "sql", "js");

  @Test
  void everyCodeBlockHasALanguageThatIsCheckedOrIsMarkedAsOutput() {
    List<String> problems = new ArrayList<>();
    for (Block b : DocBlocks.all()) {
      if (b.language().isEmpty()) {
        problems.add(
            b.where()
                + ": code block without a language; mark output as ```output, or quote checked code");
      } else if (!b.isOutput() && !CHECKED.contains(b.language())) {
        problems.add(
            b.where()
                + ": ```"
                + b.language()
                + " is neither checked by a test nor marked as output");
      }
    }
    assertThat(problems).as(String.join("\n", problems)).isEmpty();
  }

  @Test
  void everyJavaBlockIsATaggedRegionOfACompiledExample() {
    Set<String> regions =
        TaggedRegions.all().stream().map(TaggedRegions.Region::text).collect(Collectors.toSet());
    List<String> problems = new ArrayList<>();
    for (Block b : blocks("java")) {
      String text = TaggedRegions.normalize(b.lines());
      if (!regions.contains(text)) {
        problems.add(
            b.where()
                + ": this java block is not a // tag::NAME[] region of examples/src; quote one"
                + " verbatim (or mark the block as output):\n"
                + text);
      }
    }
    assertThat(problems).as(String.join("\n\n", problems)).isEmpty();
  }

  @Test
  void everyShellCommandIsOneATestRuns() {
    List<String> problems = new ArrayList<>();
    for (Block b : blocks("bash")) {
      for (String line : b.lines()) {
        String cmd = line.strip();
        if (cmd.isEmpty() || cmd.startsWith("#")) {
          continue;
        }
        if (!DocCommands.ALL.contains(cmd) && !DocsCommandsIT.isCliCommand(cmd)) {
          problems.add(b.where() + ": command not run by any test: " + cmd);
        }
      }
    }
    assertThat(problems).as(String.join("\n", problems)).isEmpty();
  }

  @Test
  void theReadmesTwoCommandsComeFirstAndCiRunsTheSecondOneExactly() throws Exception {
    List<Block> readmeBash =
        DocBlocks.of(Repo.readme()).stream().filter(b -> b.language().equals("bash")).toList();
    assertThat(readmeBash.get(0).text()).isEqualTo(DocCommands.RUN_EXAMPLE);
    assertThat(readmeBash.get(1).text()).isEqualTo(DocCommands.RUN_TESTS);
    List<String> ci =
        Files.readAllLines(Repo.root().resolve(".ci/run"), StandardCharsets.UTF_8).stream()
            .map(String::strip)
            .filter(l -> !l.isEmpty() && !l.startsWith("#"))
            .toList();
    assertThat(ci.get(ci.size() - 1)).as(".ci/run's last command").isEqualTo(DocCommands.RUN_TESTS);
  }

  @Test
  void everyMavenDependencyIsOfThisBuild() throws Exception {
    Map<String, String> versions = managedVersions();
    List<String> problems = new ArrayList<>();
    for (Block b : blocks("xml")) {
      NodeList deps = parse("<r>" + b.text() + "</r>").getElementsByTagName("dependency");
      assertThat(deps.getLength())
          .as(b.where() + ": an xml block holds Maven dependencies")
          .isPositive();
      boolean importsBom = false;
      for (int i = 0; i < deps.getLength(); i++) {
        Element d = (Element) deps.item(i);
        importsBom |=
            text(d, "artifactId").equals("checkpoint-bom") && text(d, "scope").equals("import");
      }
      for (int i = 0; i < deps.getLength(); i++) {
        Element d = (Element) deps.item(i);
        String ga = text(d, "groupId") + ":" + text(d, "artifactId");
        String expected = versions.get(ga);
        if (expected == null) {
          problems.add(
              b.where() + ": " + ga + " is not a module or a managed dependency of this build");
        } else if (importsBom
            && text(d, "groupId").equals("dev.checkpoint")
            && text(d, "version").isEmpty()) {
          continue; // the block imports the BOM, which gives a module its version
        } else if (!expected.equals(text(d, "version"))) {
          problems.add(
              b.where()
                  + ": "
                  + ga
                  + " version "
                  + text(d, "version")
                  + ", the build uses "
                  + expected);
        }
      }
    }
    assertThat(problems).as(String.join("\n", problems)).isEmpty();
  }

  @Test
  void everyJsonBlockIsAPositionThatParses(@TempDir Path dir) {
    for (Block b : blocks("json")) {
      Path file = dir.resolve("resume.config");
      try {
        Files.writeString(file, b.text() + "\n", StandardCharsets.UTF_8);
        assertThat(ResumeConfig.file(file).read().tables()).as(b.where()).hasSize(1);
      } catch (Exception | AssertionError e) {
        throw new AssertionError(
            b.where() + ": json block does not parse as a position: " + e.getMessage(), e);
      }
    }
  }

  @Test
  void everyIniBlockIsATaskConfigurationThatParses(@TempDir Path dir) {
    for (Block b : blocks("ini")) {
      try {
        TaskConfig.parse(b.text(), "task_config.ini", dir);
      } catch (RuntimeException e) {
        throw new AssertionError(b.where() + ": ini block does not parse: " + e.getMessage(), e);
      }
    }
  }

  /**
   * guarantees.md points at the test that proves each guarantee: every {@code Class.method} and
   * {@code Class} it names in backticks must exist in the repository's test sources.
   */
  @Test
  void everyTestTheGuaranteesPageNamesExists() throws Exception {
    String page = Files.readString(Repo.docs().resolve("guarantees.md"), StandardCharsets.UTF_8);
    Map<String, String> sources = new HashMap<>();
    try (var files = Files.walk(Repo.root())) {
      files
          .filter(f -> f.toString().endsWith(".java") && !f.toString().contains("/target/"))
          .forEach(f -> sources.put(f.getFileName().toString().replace(".java", ""), f.toString()));
    }
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("`(\\w+(?:IT|Test|Contract))(?:\\.(\\w+))?`").matcher(page);
    List<String> problems = new ArrayList<>();
    int named = 0;
    while (m.find()) {
      named++;
      String file = sources.get(m.group(1));
      if (file == null) {
        problems.add(
            "docs/guarantees.md names " + m.group(1) + ", which is no class of this repository");
      } else if (m.group(2) != null
          && !Files.readString(Path.of(file), StandardCharsets.UTF_8)
              .contains(" " + m.group(2) + "(")) {
        problems.add(
            "docs/guarantees.md names "
                + m.group(1)
                + "."
                + m.group(2)
                + ", which "
                + file
                + " does not have");
      }
    }
    assertThat(named).isGreaterThan(10);
    assertThat(problems).as(String.join("\n", problems)).isEmpty();
  }

  /**
   * A newcomer follows the links: every relative link of README and docs reaches a file and
   * heading.
   */
  @Test
  void everyRelativeLinkReachesAFileAndHeading() throws Exception {
    java.util.regex.Pattern link = java.util.regex.Pattern.compile("\\]\\(([^)\\s]+)\\)");
    List<String> problems = new ArrayList<>();
    for (Path file : DocBlocks.files()) {
      String text = Files.readString(file, StandardCharsets.UTF_8).replaceAll("(?s)```.*?```", "");
      java.util.regex.Matcher m = link.matcher(text);
      while (m.find()) {
        String target = m.group(1);
        if (target.startsWith("http://")
            || target.startsWith("https://")
            || target.startsWith("mailto:")) {
          continue;
        }
        int hash = target.indexOf('#');
        String path = hash < 0 ? target : target.substring(0, hash);
        Path resolved = path.isEmpty() ? file : file.getParent().resolve(path).normalize();
        if (!Files.exists(resolved)) {
          problems.add(Repo.root().relativize(file) + ": link to a missing file: " + target);
        } else if (hash >= 0
            && resolved.toString().endsWith(".md")
            && !headingSlugs(resolved).contains(target.substring(hash + 1))) {
          problems.add(Repo.root().relativize(file) + ": link to a missing heading: " + target);
        }
      }
    }
    assertThat(problems).as(String.join("\n", problems)).isEmpty();
  }

  /** GitHub's anchors: lower case, punctuation dropped, spaces to dashes. */
  private static Set<String> headingSlugs(Path md) throws Exception {
    return Files.readAllLines(md, StandardCharsets.UTF_8).stream()
        .filter(l -> l.startsWith("#"))
        .map(
            l ->
                l.replaceFirst("^#+\\s*", "")
                    .strip()
                    .toLowerCase(java.util.Locale.ROOT)
                    .replaceAll("[^\\p{L}\\p{N}_\\- ]", "")
                    .replace(' ', '-'))
        .collect(Collectors.toSet());
  }

  static List<Block> blocks(String language) {
    return DocBlocks.all().stream()
        .filter(b -> b.language().equals(language) && !b.isOutput())
        .toList();
  }

  /** groupId:artifactId to version: this build's modules, and the parent's managed dependencies. */
  private static Map<String, String> managedVersions() throws Exception {
    Element project = parse(Files.readString(Repo.root().resolve("pom.xml"))).getDocumentElement();
    String version = text(project, "version");
    Map<String, String> props = new HashMap<>();
    NodeList p = ((Element) project.getElementsByTagName("properties").item(0)).getChildNodes();
    for (int i = 0; i < p.getLength(); i++) {
      if (p.item(i) instanceof Element e) {
        props.put(e.getTagName(), e.getTextContent().strip());
      }
    }
    Map<String, String> versions = new HashMap<>();
    NodeList modules = project.getElementsByTagName("module");
    for (int i = 0; i < modules.getLength(); i++) {
      Element module =
          parse(
                  Files.readString(
                      Repo.root()
                          .resolve(modules.item(i).getTextContent().strip())
                          .resolve("pom.xml")))
              .getDocumentElement();
      versions.put("dev.checkpoint:" + directText(module, "artifactId"), version);
    }
    Element managed = (Element) project.getElementsByTagName("dependencyManagement").item(0);
    NodeList deps = managed.getElementsByTagName("dependency");
    for (int i = 0; i < deps.getLength(); i++) {
      Element d = (Element) deps.item(i);
      String v = text(d, "version");
      if (v.startsWith("${") && v.endsWith("}")) {
        String key = v.substring(2, v.length() - 1);
        v = key.equals("project.version") ? version : props.get(key);
      }
      versions.putIfAbsent(text(d, "groupId") + ":" + text(d, "artifactId"), v);
    }
    return versions;
  }

  private static org.w3c.dom.Document parse(String xml) throws Exception {
    return DocumentBuilderFactory.newInstance()
        .newDocumentBuilder()
        .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
  }

  private static String text(Element e, String tag) {
    return directText(e, tag);
  }

  /** The text of the first child element named {@code tag} (not of a nested one, like parent's). */
  private static String directText(Element e, String tag) {
    NodeList children = e.getChildNodes();
    for (int i = 0; i < children.getLength(); i++) {
      if (children.item(i) instanceof Element c && c.getTagName().equals(tag)) {
        return c.getTextContent().strip();
      }
    }
    return "";
  }
}
