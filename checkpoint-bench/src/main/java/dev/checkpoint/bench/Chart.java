package dev.checkpoint.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * chart.png: horizontal bars drawn with Java2D. One panel per scenario and database: read
 * throughput (rows/s, labelled with the ratio to the raw stream), resume latency (ms, log scale),
 * Mongo reads, store record costs (µs, log scale) and chunked copies (rows/s, labelled with the
 * ratio to one worker).
 */
final class Chart {
  private static final int PANEL_W = 780;
  private static final int BAR_H = 18;
  private static final Color LIB = new Color(0x2b6cb0);
  private static final Color PEER = new Color(0xc05621);
  private static final Color RAW = new Color(0x4a5568);

  private record Bar(String label, double value, String text, Color color) {}

  private record Panel(String title, List<Bar> bars, boolean log, List<Check> checks) {
    Panel(String title, List<Bar> bars, boolean log) {
      this(title, bars, log, List.of());
    }

    int height() {
      return 40 + (bars.size() + checks.size()) * (BAR_H + 6) + 10;
    }
  }

  private Chart() {}

  static void write(Results r, String subtitle, Path file) throws IOException {
    List<Panel> panels = new ArrayList<>();
    for (String[] section : r.sections) {
      String scenario = section[0];
      List<Series> series = Report.rowsOf(r, scenario, section[1]);
      if (series.isEmpty()) {
        continue;
      }
      String title =
          section[2].replaceAll(";.*", "").replaceAll(" \\(.*?\\)", "").replaceAll(", batch.*", "");
      switch (scenario) {
        case ThroughputScenario.NAME, MongoScenario.NAME -> {
          Series ref = series.get(0);
          List<Bar> bars = new ArrayList<>();
          for (Series s : series) {
            bars.add(
                new Bar(
                    s.id + "  " + shorten(s.label),
                    s.median(),
                    Report.compact(s.median()) + "  " + Report.ratio(s.ratioTo(ref)),
                    color(s.id)));
          }
          panels.add(new Panel(title + " - " + series.get(0).unit, bars, false));
        }
        case WorkersScenario.NAME -> {
          List<Bar> bars = new ArrayList<>();
          for (Series s : series) {
            String reference = WorkersScenario.reference(s.id);
            double ratio =
                r.find(scenario, section[1], reference).map(s::ratioTo).orElse(Double.NaN);
            bars.add(
                new Bar(
                    s.id + "  " + shorten(s.label),
                    s.median(),
                    Report.compact(s.median()) + "  " + Report.ratio(ratio),
                    color(s.id)));
          }
          panels.add(new Panel(title + " - rows/s, x 1 worker", bars, false));
        }
        case ResumeScenario.NAME -> {
          List<Bar> bars = new ArrayList<>();
          for (Series s : series) {
            bars.add(
                new Bar(
                    shorten(s.label),
                    s.median(),
                    Report.value(s.median(), "ms") + " ms",
                    color(s.id)));
          }
          panels.add(new Panel(title + " - ms to first row (log scale)", bars, true));
        }
        case StoreScenario.NAME -> {
          if (!section[1].equals("record")) {
            continue;
          }
          List<Bar> bars = new ArrayList<>();
          for (Series s : series) {
            bars.add(
                new Bar(
                    s.db + ": " + shorten(s.label),
                    s.median(),
                    Report.value(s.median(), "us") + " us",
                    color(s.id)));
          }
          panels.add(new Panel("3a. Store record cost - us per call (log scale)", bars, true));
        }
        default -> {}
      }
    }
    if (!r.checks.isEmpty()) {
      long met = r.checks.stream().filter(c -> Boolean.TRUE.equals(c.met())).count();
      panels.add(
          new Panel(
              "Targets: " + met + " of " + r.checks.size() + " met (medians of per-round ratios)",
              List.of(),
              false,
              r.checks));
    }
    // Two columns, panels placed top to bottom in the shorter column.
    int[] colH = {84, 84};
    int[][] at = new int[panels.size()][2];
    for (int i = 0; i < panels.size(); i++) {
      int c = colH[0] <= colH[1] ? 0 : 1;
      at[i][0] = c;
      at[i][1] = colH[c];
      colH[c] += panels.get(i).height() + 20;
    }
    int width = 2 * PANEL_W + 60;
    int height = Math.max(colH[0], colH[1]) + 10;
    BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setRenderingHint(
        RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, width, height);
    g.setColor(Color.BLACK);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 18));
    g.drawString(
        "Checkpoint benchmark: this library vs raw JDBC, Spring Batch and OFFSET paging", 20, 28);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    g.drawString(subtitle, 20, 48);
    legend(g, 20, 66);
    for (int i = 0; i < panels.size(); i++) {
      draw(g, panels.get(i), 20 + at[i][0] * (PANEL_W + 20), at[i][1]);
    }
    g.dispose();
    ImageIO.write(img, "png", file.toFile());
  }

  private static void legend(Graphics2D g, int x, int y) {
    Object[][] items = {
      {RAW, "raw JDBC / driver"}, {LIB, "this library"}, {PEER, "Spring Batch / OFFSET"}
    };
    for (Object[] it : items) {
      g.setColor((Color) it[0]);
      g.fillRect(x, y - 10, 12, 12);
      g.setColor(Color.BLACK);
      g.drawString((String) it[1], x + 16, y);
      x += 140;
    }
  }

  private static Color color(String id) {
    if (id.equals("a") || id.equals("raw") || id.equals("fsync")) {
      return RAW;
    }
    if (id.startsWith("f")
        || id.startsWith("g")
        || id.startsWith("h")
        || id.startsWith("sb-")
        || id.startsWith("offset")) {
      return PEER;
    }
    return LIB;
  }

  private static String shorten(String label) {
    String s = label.replaceAll(" \\(.*?\\)", "");
    return s.length() > 48 ? s.substring(0, 47) + "..." : s;
  }

  private static void draw(Graphics2D g, Panel p, int x, int y) {
    g.setColor(new Color(0xf7fafc));
    g.fillRect(x, y, PANEL_W, p.height());
    g.setColor(new Color(0xcbd5e0));
    g.drawRect(x, y, PANEL_W, p.height());
    g.setColor(Color.BLACK);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
    g.drawString(
        p.title().length() > 100 ? p.title().substring(0, 99) + "..." : p.title(), x + 8, y + 20);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
    int labelW = 330;
    int barX = x + labelW;
    int barW = PANEL_W - labelW - 110;
    double max = 0;
    double min = Double.MAX_VALUE;
    for (Bar b : p.bars()) {
      if (Double.isFinite(b.value()) && b.value() > 0) {
        max = Math.max(max, b.value());
        min = Math.min(min, b.value());
      }
    }
    double lo = p.log() ? Math.pow(10, Math.floor(Math.log10(Math.max(min, 1e-3)))) : 0;
    int rowY = y + 36;
    for (Check c : p.checks()) {
      boolean ok = Boolean.TRUE.equals(c.met());
      g.setColor(ok ? new Color(0x2f855a) : new Color(0xc53030));
      g.drawString(ok ? "met" : c.met() == null ? "n/a" : "NOT MET", x + 8, rowY + BAR_H - 5);
      g.setColor(Color.BLACK);
      String text =
          c.db()
              + ": "
              + c.target().replace(">=", "\u2265").replace("<=", "\u2264")
              + "  -  "
              + c.measured();
      g.drawString(
          text.length() > 118 ? text.substring(0, 117) + "..." : text, x + 70, rowY + BAR_H - 5);
      rowY += BAR_H + 6;
    }
    for (Bar b : p.bars()) {
      g.setColor(Color.BLACK);
      g.drawString(b.label(), x + 8, rowY + BAR_H - 5);
      int len = 0;
      if (Double.isFinite(b.value()) && b.value() > 0 && max > 0) {
        double f =
            p.log()
                ? (Math.log10(b.value()) - Math.log10(lo))
                    / (Math.log10(max) - Math.log10(lo) + 1e-9)
                : b.value() / max;
        len = (int) Math.max(2, Math.round(f * barW));
      }
      g.setColor(b.color());
      g.fillRect(barX, rowY, len, BAR_H);
      g.setColor(Color.BLACK);
      g.drawString(
          Double.isFinite(b.value()) ? b.text() : "FAILED", barX + len + 6, rowY + BAR_H - 5);
      rowY += BAR_H + 6;
    }
    g.setStroke(new BasicStroke(1));
  }

  static String subtitle(String machine, String when) {
    return String.format(Locale.ROOT, "%s - %s", machine, when);
  }
}
