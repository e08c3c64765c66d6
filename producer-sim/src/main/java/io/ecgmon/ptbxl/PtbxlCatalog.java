package io.ecgmon.ptbxl;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * The records of a PTB-XL-shaped folder, from either table PTB-XL is distributed with:
 * <ul>
 *   <li>the official {@code ptbxl_database.csv} (28 columns, {@code scp_codes} as a Python dict literal)
 *       with {@code scp_statements.csv}, superclasses derived the standard way ({@link ScpStatements});</li>
 *   <li>the per-record label table of common benchmark splits, {@code ptbxl_labels.csv}
 *       ({@code ecg_id, patient_id, strat_fold, filename_lr, filename_hr, super_class, ...}), with
 *       demographics from {@code ptbxl_metadata.csv} when present.</li>
 * </ul>
 * Records are sorted by ecg id. Malformed cells raise a {@link CatalogException} naming file, line and column.
 */
public final class PtbxlCatalog {

  public static final String OFFICIAL = "ptbxl_database.csv";
  public static final String STATEMENTS = "scp_statements.csv";
  public static final String LABELS = "ptbxl_labels.csv";
  public static final String METADATA = "ptbxl_metadata.csv";

  private final Path root;
  private final List<PtbxlRecord> records;
  private final String source;

  private PtbxlCatalog(Path root, List<PtbxlRecord> records, String source) {
    this.root = root;
    this.records = records.stream().sorted(Comparator.comparingInt(PtbxlRecord::ecgId)).toList();
    this.source = source;
  }

  /** The dataset folder: the official table when it is there, else the label table. */
  public static PtbxlCatalog load(Path root) throws IOException {
    if (Files.isRegularFile(root.resolve(OFFICIAL))) {
      return official(root, root.resolve(OFFICIAL), root.resolve(STATEMENTS));
    }
    if (Files.isRegularFile(root.resolve(LABELS))) {
      Path meta = root.resolve(METADATA);
      return labelTable(root, root.resolve(LABELS), Files.isRegularFile(meta) ? meta : null);
    }
    throw new CatalogException(root + ": neither " + OFFICIAL + " nor " + LABELS + " is there");
  }

  /** The official table; {@code statements} is required to derive the superclasses. */
  public static PtbxlCatalog official(Path root, Path database, Path statements) throws IOException {
    if (!Files.isRegularFile(statements)) {
      throw new CatalogException(statements + ": missing (needed with " + database.getFileName()
          + " to derive superclasses)");
    }
    ScpStatements scp = ScpStatements.read(statements);
    Csv.Table t = Csv.read(database);
    Cells c = new Cells(t, "ecg_id", "patient_id", "age", "sex", "height", "weight", "scp_codes", "strat_fold",
        "filename_lr", "filename_hr");
    List<PtbxlRecord> out = new ArrayList<>();
    for (Csv.Row r : t.rows()) {
      int id = c.integer(r, "ecg_id", null);
      Map<String, Double> codes;
      String raw = c.text(r, "scp_codes", id);
      try {
        codes = PyLiteral.dictOfNumbers(raw);
      } catch (IllegalArgumentException e) {
        throw c.error(r, "scp_codes", id, raw, "not a Python dict literal of code: likelihood (" + e.getMessage() + ")");
      }
      out.add(new PtbxlRecord(id, c.id(r, "patient_id", id), c.decimal(r, "age", id), c.optionalInteger(r, "sex", id),
          c.decimal(r, "height", id), c.decimal(r, "weight", id), c.integer(r, "strat_fold", id),
          c.text(r, "filename_lr", id), c.text(r, "filename_hr", id), scp.superclasses(codes.keySet()), codes));
    }
    return new PtbxlCatalog(root, out, database.getFileName().toString());
  }

  /** The per-record label table, with demographics from {@code metadata} (may be null). */
  public static PtbxlCatalog labelTable(Path root, Path labels, Path metadata) throws IOException {
    Map<Integer, Demographics> demo = new HashMap<>();
    if (metadata != null) {
      Csv.Table m = Csv.read(metadata);
      Cells mc = new Cells(m, "ecg_id", "age", "sex", "height", "weight");
      for (Csv.Row r : m.rows()) {
        int id = mc.integer(r, "ecg_id", null);
        demo.put(id, new Demographics(mc.decimal(r, "age", id), mc.optionalInteger(r, "sex", id),
            mc.decimal(r, "height", id), mc.decimal(r, "weight", id)));
      }
    }
    Csv.Table t = Csv.read(labels);
    Cells c = new Cells(t, "ecg_id", "patient_id", "strat_fold", "filename_lr", "filename_hr", "super_class");
    List<PtbxlRecord> out = new ArrayList<>();
    Demographics none = new Demographics(null, null, null, null);
    for (Csv.Row r : t.rows()) {
      int id = c.integer(r, "ecg_id", null);
      String raw = c.text(r, "super_class", id);
      List<String> classes;
      try {
        classes = PyLiteral.listOfStrings(raw);
      } catch (IllegalArgumentException e) {
        throw c.error(r, "super_class", id, raw, "not a Python list of class names (" + e.getMessage() + ")");
      }
      for (String cls : classes) {
        if (!Superclasses.ALL.contains(cls)) {
          throw c.error(r, "super_class", id, raw, "'" + cls + "' is not one of " + Superclasses.ALL);
        }
      }
      Demographics d = demo.getOrDefault(id, none);
      out.add(new PtbxlRecord(id, c.id(r, "patient_id", id), d.age, d.sex, d.height, d.weight,
          c.integer(r, "strat_fold", id), c.text(r, "filename_lr", id), c.text(r, "filename_hr", id),
          Superclasses.ordered(new LinkedHashSet<>(classes)), Map.of()));
    }
    return new PtbxlCatalog(root, out, labels.getFileName().toString());
  }

  public Path root() {
    return root;
  }

  /** The table the records came from (file name). */
  public String source() {
    return source;
  }

  public List<PtbxlRecord> records() {
    return records;
  }

  public List<PtbxlRecord> select(RecordFilter filter) {
    return records.stream().filter(filter).toList();
  }

  /** The WFDB record path (without extension) of {@code r} at {@code rateHz}. */
  public Path recordPath(PtbxlRecord r, int rateHz) {
    return root.resolve(r.filename(rateHz));
  }

  private record Demographics(Float age, Integer sex, Float height, Float weight) {}

  /** Named cell access with errors naming file, line, record and column. */
  private static final class Cells {
    private final Csv.Table table;
    private final Map<String, Integer> col;

    Cells(Csv.Table table, String... required) throws CatalogException {
      this.table = table;
      this.col = table.columns();
      for (String name : required) {
        if (!col.containsKey(name)) {
          throw new CatalogException(table.source() + ": no column '" + name + "' (header: "
              + String.join(",", table.header()) + ")");
        }
      }
    }

    String text(Csv.Row r, String name, Integer id) throws CatalogException {
      int i = col.get(name);
      if (i >= r.cells().size()) {
        throw error(r, name, id, "", "missing (the row has " + r.cells().size() + " of " + table.header().size()
            + " columns)");
      }
      return r.cells().get(i);
    }

    int integer(Csv.Row r, String name, Integer id) throws CatalogException {
      Integer v = optionalInteger(r, name, id);
      if (v == null) {
        throw error(r, name, id, "", "empty");
      }
      return v;
    }

    Integer optionalInteger(Csv.Row r, String name, Integer id) throws CatalogException {
      Float f = decimal(r, name, id);
      if (f == null) {
        return null;
      }
      if (f != Math.rint(f)) {
        throw error(r, name, id, text(r, name, id), "not an integer");
      }
      return (int) (float) f;
    }

    long id(Csv.Row r, String name, Integer id) throws CatalogException {
      String s = text(r, name, id).strip();
      try {
        double d = Double.parseDouble(s);
        if (d != Math.rint(d) || d < 0) {
          throw error(r, name, id, s, "not a whole non-negative number");
        }
        return (long) d;
      } catch (NumberFormatException e) {
        throw error(r, name, id, s, "not a number");
      }
    }

    Float decimal(Csv.Row r, String name, Integer id) throws CatalogException {
      String s = text(r, name, id).strip();
      if (s.isEmpty() || s.equalsIgnoreCase("nan")) {
        return null;
      }
      try {
        return Float.parseFloat(s);
      } catch (NumberFormatException e) {
        throw error(r, name, id, s, "not a number");
      }
    }

    CatalogException error(Csv.Row r, String name, Integer id, String value, String problem) {
      return new CatalogException(table.source() + " line " + r.line() + (id == null ? "" : " (ecg_id " + id + ")")
          + ", column " + name + (value.isEmpty() ? "" : " '" + value + "'") + ": " + problem);
    }
  }
}
