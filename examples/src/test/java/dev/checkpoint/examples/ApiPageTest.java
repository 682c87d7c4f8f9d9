package dev.checkpoint.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * docs/api.md names the entry points: every type it names in backticks is a public type of the
 * modules' main sources, and every {@code Type.method(} it names is a public method of that type,
 * so the page cannot go on naming an API that was renamed or removed.
 */
class ApiPageTest {
  private static final Pattern TYPE_CALL =
      Pattern.compile("\\b([A-Z][A-Za-z0-9]+)(?:\\.([a-z][A-Za-z]*)\\()?");
  private static final Pattern CODE = Pattern.compile("`([^`]+)`");

  @Test
  void everyTypeAndMethodTheApiPageNamesExists() throws Exception {
    Map<String, String> sources = new HashMap<>();
    try (Stream<Path> files = Files.walk(Repo.root())) {
      files
          .filter(f -> f.toString().endsWith(".java") && f.toString().contains("/src/main/java/"))
          .filter(f -> !f.toString().contains("/target/"))
          .forEach(f -> sources.put(f.getFileName().toString().replace(".java", ""), read(f)));
    }
    String page = Files.readString(Repo.docs().resolve("api.md"), StandardCharsets.UTF_8);
    List<String> problems = new ArrayList<>();
    int named = 0;
    Matcher code = CODE.matcher(page);
    while (code.find()) {
      Matcher m = TYPE_CALL.matcher(code.group(1));
      while (m.find()) {
        String type = m.group(1);
        if (List.of("Duration").contains(type)) {
          continue; // the JDK's
        }
        named++;
        String src = sources.get(type);
        if (src == null
            || !Pattern.compile(
                    "public (final |abstract |sealed )*(class|interface|record|enum) "
                        + type
                        + "\\b")
                .matcher(src)
                .find()) {
          problems.add("docs/api.md names " + type + ", which is no public type of the modules");
        } else if (m.group(2) != null
            && !Pattern.compile("public [^;{=]*\\b" + m.group(2) + "\\(").matcher(src).find()
            && !Pattern.compile("\\n\\s+static [^;{=]*\\b" + m.group(2) + "\\(")
                .matcher(src)
                .find()) {
          problems.add(
              "docs/api.md names "
                  + type
                  + "."
                  + m.group(2)
                  + "(, which "
                  + type
                  + " does not have");
        }
      }
    }
    assertThat(named).isGreaterThan(30);
    assertThat(problems).as(String.join("\n", problems)).isEmpty();
  }

  private static String read(Path f) {
    try {
      return Files.readString(f, StandardCharsets.UTF_8);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
