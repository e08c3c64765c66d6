package io.ecgmon.cli.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecgmon.cli.RepoFiles;
import io.ecgmon.cli.web.LiveView;
import io.ecgmon.cli.web.WebServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the images are made of, checked without Docker: the build stage's product (the CLI jar whose
 * manifest lists lib/), copied the way the Dockerfile copies it and started with the image's
 * entrypoint; and the healthcheck script against a real server.
 */
class PackagedCliIT {

  private final Path jar = RepoFiles.path("cli/target/ecgmon-cli.jar");

  @Test
  void theJarRunsFromTheImageLayoutWithAShortCommandLine(@TempDir Path opt) throws Exception {
    Manifest manifest;
    try (JarFile j = new JarFile(jar.toFile())) {
      manifest = j.getManifest();
    }
    assertThat(manifest.getMainAttributes().getValue("Main-Class")).isEqualTo("io.ecgmon.cli.Ecgmon");
    String[] classPath = manifest.getMainAttributes().getValue("Class-Path").split(" ");
    assertThat(classPath).isNotEmpty().allSatisfy(entry -> {
      assertThat(entry).startsWith("lib/");
      assertThat(jar.resolveSibling(entry)).as(entry).isRegularFile();
    });

    // COPY --from=build /out/ecgmon/ /opt/ecgmon/  (the jar and lib/ only)
    Files.copy(jar, opt.resolve("ecgmon-cli.jar"));
    Files.createDirectories(opt.resolve("lib"));
    try (Stream<Path> libs = Files.list(jar.resolveSibling("lib"))) {
      for (Path lib : libs.toList()) {
        Files.copy(lib, opt.resolve("lib").resolve(lib.getFileName()));
      }
    }
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-jar", opt.resolve("ecgmon-cli.jar").toString(), "topics", "--help"));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    assertThat(out).startsWith("Usage: ecgmon topics");
    assertThat(String.join(" ", command).length()).as("java command line").isLessThan(1000);
  }

  private static int httpOk(int port, String path) throws Exception {
    Process p = new ProcessBuilder("bash", RepoFiles.path("docker/http-ok").toString(), Integer.toString(port), path)
        .redirectErrorStream(true).start();
    p.getInputStream().readAllBytes();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return p.exitValue();
  }

  @Test
  void theHealthcheckScriptTellsUpFromDown() throws Exception {
    try (WebServer web = WebServer.start(new LiveView(10, 10, 50, 10_000), "127.0.0.1", 0)) {
      assertThat(httpOk(web.port(), "/health")).isZero();
      assertThat(httpOk(web.port(), "/no-such-page")).isEqualTo(1);
    }
    int closed;
    try (ServerSocket s = new ServerSocket(0)) {
      closed = s.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    assertThat(httpOk(closed, "/health")).isEqualTo(1);
  }
}
