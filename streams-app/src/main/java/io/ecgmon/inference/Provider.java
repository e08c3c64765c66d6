package io.ecgmon.inference;

import java.util.Locale;

/** The ONNX Runtime execution provider asked for ({@code ecgmon.inference.provider}) or in use. */
public enum Provider {
  CPU,
  CUDA;

  public static Provider parse(String s) {
    try {
      return valueOf(s.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("inference provider '" + s + "' is not one of cpu, cuda");
    }
  }
}
