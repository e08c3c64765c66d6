package io.ecgmon.ptbxl;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A small RFC 4180 CSV reader (quoted fields, doubled quotes, line breaks inside quotes), what pandas writes. */
final class Csv {

  /** A parsed table: the header and the rows, each row with the line it starts on. */
  record Table(String source, List<String> header, List<Row> rows) {

    Map<String, Integer> columns() {
      Map<String, Integer> m = new HashMap<>();
      for (int i = 0; i < header.size(); i++) {
        m.putIfAbsent(header.get(i), i);
      }
      return m;
    }
  }

  /** One data row; {@code line} is its first line in the file (1-based). */
  record Row(int line, List<String> cells) {}

  private Csv() {}

  static Table read(Path file) throws IOException {
    return parse(Files.readString(file, StandardCharsets.UTF_8), file.getFileName().toString());
  }

  static Table parse(String text, String source) throws CatalogException {
    if (text.startsWith("\uFEFF")) {
      text = text.substring(1);
    }
    List<Row> rows = new ArrayList<>();
    List<String> cells = new ArrayList<>();
    StringBuilder cell = new StringBuilder();
    boolean quoted = false;
    int line = 1;
    int rowLine = 1;
    boolean rowHasContent = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quoted) {
        if (c == '"') {
          if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
            cell.append('"');
            i++;
          } else {
            quoted = false;
          }
        } else {
          if (c == '\n') {
            line++;
          }
          cell.append(c);
        }
      } else if (c == '"') {
        quoted = true;
        rowHasContent = true;
      } else if (c == ',') {
        cells.add(cell.toString());
        cell.setLength(0);
        rowHasContent = true;
      } else if (c == '\n' || c == '\r') {
        if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
          i++;
        }
        if (rowHasContent || cell.length() > 0) {
          cells.add(cell.toString());
          rows.add(new Row(rowLine, List.copyOf(cells)));
        }
        cells.clear();
        cell.setLength(0);
        rowHasContent = false;
        line++;
        rowLine = line;
      } else {
        cell.append(c);
        rowHasContent = true;
      }
    }
    if (quoted) {
      throw new CatalogException(source + " line " + rowLine + ": a quoted field is never closed");
    }
    if (rowHasContent || cell.length() > 0) {
      cells.add(cell.toString());
      rows.add(new Row(rowLine, List.copyOf(cells)));
    }
    if (rows.isEmpty()) {
      throw new CatalogException(source + ": empty file (no header line)");
    }
    return new Table(source, rows.get(0).cells(), rows.subList(1, rows.size()));
  }
}
