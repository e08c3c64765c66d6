package io.ecgmon.ptbxl;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses the Python literals PTB-XL's tables hold: {@code scp_codes} dictionaries such as
 * {@code {'NORM': 100.0, 'SR': 0.0}} and label lists such as {@code ['NORM', 'MI']}. Strings, numbers,
 * lists and dictionaries only; anything else is an IllegalArgumentException saying where.
 */
final class PyLiteral {

  private final String text;
  private int pos;

  private PyLiteral(String text) {
    this.text = text;
  }

  /** A {@code str -> number} dictionary. */
  static Map<String, Double> dictOfNumbers(String text) {
    Object v = parse(text);
    if (!(v instanceof Map<?, ?> m)) {
      throw new IllegalArgumentException("not a dictionary");
    }
    Map<String, Double> out = new LinkedHashMap<>();
    for (Map.Entry<?, ?> e : m.entrySet()) {
      if (!(e.getKey() instanceof String k) || !(e.getValue() instanceof Double d)) {
        throw new IllegalArgumentException("entry " + e.getKey() + ": expected 'code': number");
      }
      out.put(k, d);
    }
    return out;
  }

  /** A list of strings; an empty or blank cell is the empty list. */
  static List<String> listOfStrings(String text) {
    if (text == null || text.isBlank()) {
      return List.of();
    }
    Object v = parse(text);
    if (!(v instanceof List<?> l)) {
      throw new IllegalArgumentException("not a list");
    }
    List<String> out = new ArrayList<>();
    for (Object o : l) {
      if (!(o instanceof String s)) {
        throw new IllegalArgumentException("element " + o + " is not a string");
      }
      out.add(s);
    }
    return out;
  }

  static Object parse(String text) {
    PyLiteral p = new PyLiteral(text);
    Object v = p.value();
    p.skipSpace();
    if (p.pos != text.length()) {
      throw p.error("unexpected text after the value");
    }
    return v;
  }

  private Object value() {
    skipSpace();
    if (pos >= text.length()) {
      throw error("unexpected end");
    }
    char c = text.charAt(pos);
    return switch (c) {
      case '{' -> dict();
      case '[' -> list();
      case '\'', '"' -> string();
      default -> number();
    };
  }

  private Map<Object, Object> dict() {
    Map<Object, Object> m = new LinkedHashMap<>();
    pos++;
    skipSpace();
    if (peek() == '}') {
      pos++;
      return m;
    }
    while (true) {
      Object k = value();
      skipSpace();
      expect(':');
      m.put(k, value());
      skipSpace();
      if (peek() == ',') {
        pos++;
        skipSpace();
        if (peek() == '}') {
          pos++;
          return m;
        }
      } else {
        expect('}');
        return m;
      }
    }
  }

  private List<Object> list() {
    List<Object> l = new ArrayList<>();
    pos++;
    skipSpace();
    if (peek() == ']') {
      pos++;
      return l;
    }
    while (true) {
      l.add(value());
      skipSpace();
      if (peek() == ',') {
        pos++;
        skipSpace();
        if (peek() == ']') {
          pos++;
          return l;
        }
      } else {
        expect(']');
        return l;
      }
    }
  }

  private String string() {
    char quote = text.charAt(pos++);
    StringBuilder b = new StringBuilder();
    while (pos < text.length()) {
      char c = text.charAt(pos++);
      if (c == quote) {
        return b.toString();
      }
      if (c == '\\' && pos < text.length()) {
        c = text.charAt(pos++);
      }
      b.append(c);
    }
    throw error("unterminated string");
  }

  private Double number() {
    int start = pos;
    while (pos < text.length() && "+-.0123456789eE".indexOf(text.charAt(pos)) >= 0) {
      pos++;
    }
    try {
      return Double.valueOf(text.substring(start, pos));
    } catch (NumberFormatException e) {
      pos = start;
      throw error("expected a value");
    }
  }

  private char peek() {
    return pos < text.length() ? text.charAt(pos) : '\0';
  }

  private void expect(char c) {
    if (peek() != c) {
      throw error("expected '" + c + "'");
    }
    pos++;
  }

  private void skipSpace() {
    while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
      pos++;
    }
  }

  private IllegalArgumentException error(String what) {
    return new IllegalArgumentException(what + " at character " + (pos + 1));
  }
}
