package dev.checkpoint.examples;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The regions of the examples' sources marked {@code // tag::NAME[]} ... {@code // end::NAME[]}:
 * the code the docs quote. A region is compiled with its file, so a quoted block never rots.
 */
final class TaggedRegions {
  private static final Pattern TAG = Pattern.compile("^\\s*// tag::([\\w.-]+)\\[\\]\\s*$");
  private static final Pattern END = Pattern.compile("^\\s*// end::([\\w.-]+)\\[\\]\\s*$");

  /**
   * @param text the region's lines, dedented by their common indentation, trailing spaces cut
   */
  record Region(String name, Path file, String text) {}

  private TaggedRegions() {}

  static List<Region> all() {
    List<Region> regions = new ArrayList<>();
    for (String dir : List.of("examples/src/main/java", "examples/src/test/java")) {
      try (Stream<Path> files = Files.walk(Repo.root().resolve(dir))) {
        for (Path f :
            (Iterable<Path>) files.filter(p -> p.toString().endsWith(".java")).sorted()::iterator) {
          regions.addAll(in(f));
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return regions;
  }

  static List<Region> in(Path file) throws IOException {
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    Map<String, List<String>> open = new LinkedHashMap<>();
    List<Region> regions = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      Matcher tag = TAG.matcher(line);
      Matcher end = END.matcher(line);
      if (tag.matches()) {
        if (open.put(tag.group(1), new ArrayList<>()) != null) {
          throw new AssertionError(
              file + ":" + (i + 1) + ": region " + tag.group(1) + " opened twice");
        }
      } else if (end.matches()) {
        List<String> body = open.remove(end.group(1));
        if (body == null) {
          throw new AssertionError(
              file + ":" + (i + 1) + ": end of region " + end.group(1) + " that was never opened");
        }
        regions.add(new Region(end.group(1), file, normalize(body)));
      } else {
        open.values().forEach(body -> body.add(line));
      }
    }
    if (!open.isEmpty()) {
      throw new AssertionError(file + ": regions never closed: " + open.keySet());
    }
    return regions;
  }

  /** Cuts trailing spaces and the indentation all non-blank lines share. */
  static String normalize(List<String> lines) {
    int indent = Integer.MAX_VALUE;
    for (String l : lines) {
      if (!l.isBlank()) {
        indent = Math.min(indent, l.length() - l.stripLeading().length());
      }
    }
    List<String> out = new ArrayList<>();
    for (String l : lines) {
      out.add(l.isBlank() ? "" : l.substring(indent).stripTrailing());
    }
    return String.join("\n", out);
  }
}
