package io.ecgmon.cli.evaluate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.awt.BasicStroke;
import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The evaluation's outputs: the console table (the same columns as {@code ecgmon_model.evaluate}),
 * {@code evaluation.json} (the same keys as {@code evaluate.py --json}, plus a {@code streaming}
 * block), {@code roc.png} (ROC curve per class, JFreeChart) and {@code report.html} (self-contained:
 * the tables and the PNG inline).
 */
public final class EvaluationReport {

  private static final Color[] COLORS = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c),
      new Color(0x9467bd), new Color(0xff7f0e)};

  private EvaluationReport() {}

  /** What the report is about, besides the figures. */
  public record Context(String title, String model, int records, int missing, long metadataMissing,
      long classifications, double seconds, String command) {}

  public static void print(PrintStream out, Context ctx, Metrics.Report r) {
    out.printf(Locale.ROOT, "%s: n = %d, macro AUC %.4f%n", ctx.title(), r.n(), r.macroAuc());
    out.printf(Locale.ROOT, "%-6s %6s %5s %6s %6s %6s %6s %6s %6s %6s %6s%n", "class", "AUC", "thr", "acc", "F1",
        "sens", "spec", "TP", "FP", "FN", "TN");
    for (Metrics.ClassReport c : r.perClass()) {
      out.printf(Locale.ROOT, "%-6s %6.3f %5.2f %6.3f %6.3f %6.3f %6.3f %6d %6d %6d %6d%n", c.label(), c.auc(),
          c.threshold(), c.accuracy(), c.f1(), c.sensitivity(), c.specificity(), c.tp(), c.fp(), c.fn(), c.tn());
    }
    List<String> labels = r.perClass().stream().map(Metrics.ClassReport::label).toList();
    long single = 0;
    for (long[] row : r.top1()) {
      for (long v : row) {
        single += v;
      }
    }
    out.printf(Locale.ROOT, "exact label-set match at the thresholds: %d of %d (%.1f%%)%n", r.exactMatch(), r.n(),
        r.n() == 0 ? 0 : 100.0 * r.exactMatch() / r.n());
    out.printf("single-label records (%d): true class (rows) x highest-probability class (columns)%n", single);
    out.printf("%-6s", "");
    labels.forEach(l -> out.printf(" %6s", l));
    out.println();
    for (int i = 0; i < labels.size(); i++) {
      out.printf("%-6s", labels.get(i));
      for (long v : r.top1()[i]) {
        out.printf(" %6d", v);
      }
      out.println();
    }
  }

  /** evaluation.json: evaluate.py's keys, plus what the streaming run adds. */
  public static ObjectNode json(Context ctx, Metrics.Report r) {
    ObjectMapper m = new ObjectMapper();
    ObjectNode root = m.createObjectNode();
    root.put("macro_auc", r.macroAuc());
    ObjectNode auc = root.putObject("auc");
    ObjectNode thresholds = root.putObject("thresholds");
    ObjectNode per = root.putObject("per_class");
    for (Metrics.ClassReport c : r.perClass()) {
      auc.put(c.label(), c.auc());
      double threshold = Double.parseDouble(Float.toString((float) c.threshold())); // 0.43, as the card says
      thresholds.put(c.label(), threshold);
      ObjectNode o = per.putObject(c.label());
      o.put("threshold", threshold);
      o.put("accuracy", c.accuracy());
      o.put("f1", c.f1());
      o.put("sensitivity", c.sensitivity());
      o.put("specificity", c.specificity());
      o.put("balanced_accuracy", c.balancedAccuracy());
      o.put("prevalence", c.prevalence());
      o.put("tp", c.tp());
      o.put("fp", c.fp());
      o.put("fn", c.fn());
      o.put("tn", c.tn());
    }
    root.put("n", r.n());
    ObjectNode s = root.putObject("streaming");
    s.put("model", ctx.model());
    s.put("records_selected", ctx.records());
    s.put("records_missing", ctx.missing());
    s.put("windows_metadata_missing", ctx.metadataMissing());
    s.put("classifications_read", ctx.classifications());
    s.put("seconds", Math.round(ctx.seconds() * 10) / 10.0);
    s.put("exact_match", r.exactMatch());
    var top1 = s.putArray("top1_confusion");
    for (long[] row : r.top1()) {
      var a = top1.addArray();
      for (long v : row) {
        a.add(v);
      }
    }
    return root;
  }

  public static void writeJson(Path file, ObjectNode json) throws IOException {
    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), json);
  }

  /** The ROC curves, one per class, as a PNG. */
  public static byte[] rocPng(List<String> labels, List<double[][]> curves, Metrics.Report r, String title)
      throws IOException {
    XYSeriesCollection data = new XYSeriesCollection();
    for (int c = 0; c < labels.size(); c++) {
      XYSeries s = new XYSeries(String.format(Locale.ROOT, "%s (AUC %.3f)", labels.get(c), r.perClass().get(c).auc()),
          false, true);
      for (double[] pt : curves.get(c)) {
        s.add(pt[0], pt[1]);
      }
      data.addSeries(s);
    }
    XYSeries chance = new XYSeries("chance", false, true);
    chance.add(0, 0);
    chance.add(1, 1);
    data.addSeries(chance);
    JFreeChart chart = ChartFactory.createXYLineChart(title, "false positive rate (1 - specificity)",
        "true positive rate (sensitivity)", data, PlotOrientation.VERTICAL, true, false, false);
    chart.setBackgroundPaint(Color.WHITE);
    XYPlot plot = chart.getXYPlot();
    plot.setBackgroundPaint(Color.WHITE);
    plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
    plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
    plot.getDomainAxis().setRange(0, 1);
    plot.getRangeAxis().setRange(0, 1.0001);
    XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
    for (int c = 0; c < labels.size(); c++) {
      renderer.setSeriesPaint(c, COLORS[c % COLORS.length]);
      renderer.setSeriesStroke(c, new BasicStroke(2f));
    }
    renderer.setSeriesPaint(labels.size(), Color.GRAY);
    renderer.setSeriesStroke(labels.size(), new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
        new float[] {6f, 6f}, 0f));
    plot.setRenderer(renderer);
    ByteArrayOutputStream png = new ByteArrayOutputStream();
    ChartUtils.writeChartAsPNG(png, chart, 760, 640);
    return png.toByteArray();
  }

  /** A self-contained page: context, the figures, the confusion summary and the ROC PNG inline. */
  public static String html(Context ctx, Metrics.Report r, byte[] png) {
    StringBuilder b = new StringBuilder();
    b.append("<!doctype html><html><head><meta charset=\"utf-8\"><title>ecgmon evaluation</title><style>")
        .append("body{font-family:sans-serif;margin:2em;color:#222}table{border-collapse:collapse;margin:1em 0}")
        .append("td,th{border:1px solid #ccc;padding:4px 10px;text-align:right}th{background:#f3f3f3}")
        .append("td:first-child,th:first-child{text-align:left}code{background:#f3f3f3;padding:2px 4px}")
        .append("</style></head><body>\n");
    b.append("<h1>").append(esc(ctx.title())).append("</h1>\n");
    b.append(String.format(Locale.ROOT, "<p>Model <b>%s</b>; %d records evaluated of %d selected (%d without a "
        + "classification); macro AUC <b>%.4f</b>. Windows without patient metadata: %d. Run time %.0f s.</p>%n",
        esc(ctx.model()), r.n(), ctx.records(), ctx.missing(), r.macroAuc(), ctx.metadataMissing(), ctx.seconds()));
    if (ctx.command() != null) {
      b.append("<p>Command: <code>").append(esc(ctx.command())).append("</code></p>\n");
    }
    b.append("<table><tr><th>class</th><th>AUC</th><th>threshold</th><th>accuracy</th><th>F1</th>")
        .append("<th>sensitivity</th><th>specificity</th><th>prevalence</th><th>TP</th><th>FP</th><th>FN</th>")
        .append("<th>TN</th></tr>\n");
    for (Metrics.ClassReport c : r.perClass()) {
      b.append(String.format(Locale.ROOT, "<tr><td>%s</td><td>%.4f</td><td>%.2f</td><td>%.4f</td><td>%.4f</td>"
          + "<td>%.4f</td><td>%.4f</td><td>%.3f</td><td>%d</td><td>%d</td><td>%d</td><td>%d</td></tr>%n", c.label(),
          c.auc(), c.threshold(), c.accuracy(), c.f1(), c.sensitivity(), c.specificity(), c.prevalence(), c.tp(),
          c.fp(), c.fn(), c.tn()));
    }
    b.append("</table>\n");
    List<String> labels = r.perClass().stream().map(Metrics.ClassReport::label).toList();
    b.append(String.format(Locale.ROOT, "<p>Exact label-set match at the thresholds: %d of %d.</p>%n", r.exactMatch(),
        r.n()));
    b.append("<p>Single-label records: true class (rows) by highest-probability class (columns).</p>\n<table><tr><th></th>");
    labels.forEach(l -> b.append("<th>").append(l).append("</th>"));
    b.append("</tr>\n");
    for (int i = 0; i < labels.size(); i++) {
      b.append("<tr><td>").append(labels.get(i)).append("</td>");
      for (long v : r.top1()[i]) {
        b.append("<td>").append(v).append("</td>");
      }
      b.append("</tr>\n");
    }
    b.append("</table>\n");
    if (png != null) {
      b.append("<img alt=\"ROC curves per class\" src=\"data:image/png;base64,")
          .append(Base64.getEncoder().encodeToString(png)).append("\">\n");
    }
    b.append("<p>Not a medical device.</p></body></html>\n");
    return b.toString();
  }

  private static String esc(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }

  static void write(Path file, byte[] bytes) throws IOException {
    Files.write(file, bytes);
  }
}
