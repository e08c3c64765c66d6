package io.ecgmon.registry;

/**
 * An error in Confluent Schema Registry terms: the HTTP status and Confluent's {@code error_code}
 * (e.g. 40401 subject not found, 40403 schema not found, 409 incompatible schema).
 */
public class RegistryException extends RuntimeException {

  public static final int SUBJECT_NOT_FOUND = 40401;
  public static final int VERSION_NOT_FOUND = 40402;
  public static final int SCHEMA_NOT_FOUND = 40403;
  public static final int SUBJECT_LEVEL_COMPATIBILITY_NOT_CONFIGURED = 40408;
  public static final int INCOMPATIBLE_SCHEMA = 409;
  public static final int INVALID_SCHEMA = 42201;
  public static final int INVALID_VERSION = 42202;
  public static final int INVALID_COMPATIBILITY_LEVEL = 42203;
  public static final int STORE_ERROR = 50001;

  private final int status;
  private final int errorCode;

  public RegistryException(int status, int errorCode, String message) {
    super(message);
    this.status = status;
    this.errorCode = errorCode;
  }

  public RegistryException(int status, int errorCode, String message, Throwable cause) {
    super(message, cause);
    this.status = status;
    this.errorCode = errorCode;
  }

  public int status() {
    return status;
  }

  public int errorCode() {
    return errorCode;
  }

  public static RegistryException subjectNotFound(String subject) {
    return new RegistryException(404, SUBJECT_NOT_FOUND, "Subject '" + subject + "' not found.");
  }

  public static RegistryException versionNotFound(String subject, String version) {
    return new RegistryException(404, VERSION_NOT_FOUND,
        "Version " + version + " not found for subject '" + subject + "'.");
  }

  public static RegistryException schemaNotFound(String what) {
    return new RegistryException(404, SCHEMA_NOT_FOUND, "Schema " + what + " not found");
  }
}
