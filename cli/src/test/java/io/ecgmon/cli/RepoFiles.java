package io.ecgmon.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/** The repository's own files (ops/, docker/), for the tests that check them; never data or shared/. */
public final class RepoFiles {

  private RepoFiles() {}

  public static Path root() {
    String configured = System.getProperty("ecgmon.repo.root");
    Path root = configured != null ? Path.of(configured) : Path.of("..");
    if (!Files.isRegularFile(root.resolve("ops/topics.yaml"))) {
      throw new IllegalStateException("not the repository root: " + root.toAbsolutePath());
    }
    return root.normalize();
  }

  public static Path path(String relative) {
    return root().resolve(relative);
  }
}
