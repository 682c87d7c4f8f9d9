package dev.checkpoint.examples;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The fenced code blocks of README.md and docs/*.md, each with its file, line and info string. */
final class DocBlocks {
  /**
   * One fenced block.
   *
   * @param language the first word of the info string, "" when there is none
   * @param flags the other words of the info string (e.g. {@code output})
   * @param text the lines between the fences, with the fence's indentation removed
   */
  record Block(Path file, int line, String language, List<String> flags, String text) {
    String where() {
      return Repo.root().relativize(file) + ":" + line;
    }

    boolean isOutput() {
      return language.equals("output") || language.equals("text") || flags.contains("output");
    }

    List<String> lines() {
      return text.isEmpty() ? List.of() : List.of(text.split("\n", -1));
    }
  }

  /**
   * Pages not checked yet: performance.md is being written with the benchmark module; once its
   * blocks are marked, take it off this list.
   */
  static final java.util.Set<String> NOT_YET_CHECKED = java.util.Set.of("performance.md");

  private DocBlocks() {}

  /** README.md, then docs/*.md in name order, but {@link #NOT_YET_CHECKED}. */
  static List<Path> files() {
    List<Path> files = new ArrayList<>();
    files.add(Repo.readme());
    try (Stream<Path> docs = Files.list(Repo.docs())) {
      docs.filter(p -> p.getFileName().toString().endsWith(".md"))
          .filter(p -> !NOT_YET_CHECKED.contains(p.getFileName().toString()))
          .sorted()
          .forEach(files::add);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return files;
  }

  static List<Block> all() {
    List<Block> blocks = new ArrayList<>();
    for (Path f : files()) {
      blocks.addAll(of(f));
    }
    return blocks;
  }

  static List<Block> of(Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<Block> blocks = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      String trimmed = line.stripLeading();
      if (!trimmed.startsWith("```")) {
        continue;
      }
      int indent = line.length() - trimmed.length();
      String[] info = trimmed.substring(3).trim().split("\\s+");
      String language = info[0];
      List<String> flags = info.length > 1 ? List.of(info).subList(1, info.length) : List.of();
      int start = i + 1;
      int end = start;
      while (end < lines.size() && !lines.get(end).strip().equals("```")) {
        end++;
      }
      if (end == lines.size()) {
        throw new AssertionError(file + ":" + (i + 1) + ": code block is never closed");
      }
      StringBuilder text = new StringBuilder();
      for (int j = start; j < end; j++) {
        String l = lines.get(j);
        int cut = Math.min(indent, l.length() - l.stripLeading().length());
        text.append(j > start ? "\n" : "").append(l.substring(cut));
      }
      blocks.add(new Block(file, i + 1, language, flags, text.toString()));
      i = end;
    }
    return blocks;
  }
}
