package io.ecgmon.wfdb;

import java.io.IOException;

/** A WFDB file that cannot be read as such; the message names the file and the field at fault. */
public class WfdbException extends IOException {

  public WfdbException(String message) {
    super(message);
  }

  public WfdbException(String message, Throwable cause) {
    super(message, cause);
  }
}
