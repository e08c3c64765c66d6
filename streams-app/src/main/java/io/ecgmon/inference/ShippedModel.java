package io.ecgmon.inference;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Where the shipped model is when no model file is configured. First {@value #FILE} under the working
 * directory: a source checkout's own file, or the one in the images' {@code /opt/ecgmon} (which an
 * operator may mount over). Otherwise the copy the build packs into this jar next to the feature spec
 * it was checked against, extracted once per process to a temporary file (ONNX Runtime opens files),
 * so {@code ecgmon monitor} and {@code ecgmon demo} work from any directory.
 */
public final class ShippedModel {

  /** The model's place in a checkout (and in the images' working directory). */
  public static final String FILE = "model/ecgmon-ptbxl.onnx";
  static final String RESOURCE = "/ecgmon/ecgmon-ptbxl.onnx";

  private static Path extracted;

  private ShippedModel() {}

  /** {@link #FILE} when the working directory has it, else the packaged copy. */
  public static Path locate() {
    Path local = Path.of(FILE);
    return Files.isRegularFile(local) ? local : packaged();
  }

  /** The copy packaged in the jar, extracted to a temporary file deleted when the JVM exits. */
  public static synchronized Path packaged() {
    if (extracted != null && Files.isRegularFile(extracted)) {
      return extracted;
    }
    try (InputStream in = ShippedModel.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("no model configured, no " + FILE + " in " + Path.of("").toAbsolutePath()
            + " and none packaged in the jar: give --model FILE (ecgmon.model.path)");
      }
      Path tmp = Files.createTempFile("ecgmon-ptbxl-", ".onnx");
      tmp.toFile().deleteOnExit();
      Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
      extracted = tmp;
      return tmp;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot extract the packaged model: " + e.getMessage(), e);
    }
  }
}
