package io.ecgmon.ptbxl;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * PTB-XL's {@code scp_statements.csv}: which SCP codes are diagnostic and their superclass. The standard
 * mapping (the PTB-XL paper's and its benchmarks'): a record's superclasses are the
 * {@code diagnostic_class} of its codes with {@code diagnostic == 1}, whatever the code's likelihood.
 */
public final class ScpStatements {

  private final Map<String, String> diagnosticClass;

  private ScpStatements(Map<String, String> diagnosticClass) {
    this.diagnosticClass = Map.copyOf(diagnosticClass);
  }

  public static ScpStatements read(Path file) throws IOException {
    return of(Csv.read(file));
  }

  static ScpStatements of(Csv.Table t) throws CatalogException {
    Map<String, Integer> col = t.columns();
    for (String required : new String[] {"diagnostic", "diagnostic_class"}) {
      if (!col.containsKey(required)) {
        throw new CatalogException(t.source() + ": no column '" + required + "'");
      }
    }
    int diag = col.get("diagnostic");
    int cls = col.get("diagnostic_class");
    Map<String, String> map = new HashMap<>();
    for (Csv.Row r : t.rows()) {
      String code = cell(r, 0);
      String d = cell(r, diag).strip();
      if (code.isEmpty()) {
        throw new CatalogException(t.source() + " line " + r.line() + ": empty statement code (first column)");
      }
      boolean diagnostic;
      try {
        diagnostic = !d.isEmpty() && Double.parseDouble(d) == 1.0;
      } catch (NumberFormatException e) {
        throw new CatalogException(t.source() + " line " + r.line() + " (" + code + "): diagnostic '" + d
            + "' is not a number");
      }
      String superclass = cell(r, cls).strip();
      if (diagnostic && !superclass.isEmpty()) {
        if (!Superclasses.ALL.contains(superclass)) {
          throw new CatalogException(t.source() + " line " + r.line() + " (" + code + "): diagnostic_class '"
              + superclass + "' is not one of " + Superclasses.ALL);
        }
        map.put(code, superclass);
      }
    }
    return new ScpStatements(map);
  }

  /** The superclasses of a record's SCP codes, in {@link Superclasses#ALL} order. */
  public java.util.List<String> superclasses(Set<String> codes) {
    Set<String> out = new TreeSet<>();
    for (String c : codes) {
      String s = diagnosticClass.get(c);
      if (s != null) {
        out.add(s);
      }
    }
    return Superclasses.ordered(out);
  }

  private static String cell(Csv.Row r, int i) {
    return i < r.cells().size() ? r.cells().get(i) : "";
  }
}
