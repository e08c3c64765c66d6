package io.ecgmon.ptbxl;

import java.io.IOException;

/** A catalog table that cannot be read; the message names the file, the line and the column. */
public class CatalogException extends IOException {

  public CatalogException(String message) {
    super(message);
  }
}
