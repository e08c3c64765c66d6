package io.ecgmon.cli.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecgmon.cli.RepoFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docker/Dockerfile read structurally (no Docker daemon here): stages and targets, what each copies,
 * who runs, what starts. PackagedCliIT checks the build stage's product, the jar with its lib/.
 */
class DockerfileTest {

  record Instruction(String stage, String keyword, String args) {}

  private static final Pattern FROM = Pattern.compile("(?i)^FROM\\s+(?:--\\S+\\s+)*(\\S+)(?:\\s+AS\\s+(\\S+))?$");

  static List<Instruction> parse(String dockerfile) {
    List<Instruction> out = new ArrayList<>();
    String stage = null;
    StringBuilder line = new StringBuilder();
    for (String raw : dockerfile.split("\n")) {
      String t = raw.strip();
      if (line.length() == 0 && (t.isEmpty() || t.startsWith("#"))) {
        continue;
      }
      if (t.endsWith("\\")) {
        line.append(t, 0, t.length() - 1).append(' ');
        continue;
      }
      line.append(t);
      String full = line.toString().strip();
      line.setLength(0);
      String keyword = full.split("\\s+", 2)[0].toUpperCase();
      String args = full.length() > keyword.length() ? full.substring(keyword.length()).strip() : "";
      if (keyword.equals("FROM")) {
        Matcher m = FROM.matcher(full);
        assertThat(m.matches()).as(full).isTrue();
        stage = m.group(2);
      }
      out.add(new Instruction(stage, keyword, args));
    }
    return out;
  }

  static Set<String> stages(String dockerfile) {
    Set<String> s = new LinkedHashSet<>();
    parse(dockerfile).stream().filter(i -> i.keyword().equals("FROM") && i.stage() != null).forEach(i -> s.add(i.stage()));
    return s;
  }

  private final String dockerfile = Files.readString(RepoFiles.path("docker/Dockerfile"));
  private final List<Instruction> instructions = parse(dockerfile);

  DockerfileTest() throws Exception { }

  private Map<String, List<Instruction>> byStage() {
    Map<String, List<Instruction>> m = new LinkedHashMap<>();
    instructions.stream().filter(i -> i.stage() != null)
        .forEach(i -> m.computeIfAbsent(i.stage(), k -> new ArrayList<>()).add(i));
    return m;
  }

  private String last(String stage, String keyword) {
    // a stage inherits ENTRYPOINT/CMD/USER from the stage it starts FROM
    List<Instruction> own = byStage().get(stage);
    for (int i = own.size() - 1; i >= 0; i--) {
      if (own.get(i).keyword().equals(keyword)) {
        return own.get(i).args();
      }
    }
    String parent = own.get(0).args().split("\\s+")[0];
    return byStage().containsKey(parent) ? last(parent, keyword) : null;
  }

  @Test
  void everyImageTargetExistsAndEveryFromIsAnArgOrAnEarlierStage() {
    Set<String> stages = stages(dockerfile);
    assertThat(stages).containsSubsequence("build", "build-gpu", "runtime")
        .contains("tools", "simulator", "monitor", "alerts", "monitor-gpu");
    Set<String> seen = new LinkedHashSet<>();
    for (Instruction i : instructions) {
      if (i.keyword().equals("FROM")) {
        String image = i.args().split("\\s+")[0];
        assertThat(image.startsWith("${") || seen.contains(image)).as("FROM " + image).isTrue();
        seen.add(i.stage());
      }
    }
    assertThat(dockerfile).contains("ARG CUDA_IMAGE=nvidia/cuda:", "ARG JRE_IMAGE=eclipse-temurin:17-jre",
        "ARG MAVEN_IMAGE=maven:");
  }

  @Test
  void buildsTheCliLikeTheLauncherAndTheGpuVariantWithItsProfile() throws Exception {
    String build = byStage().get("build").stream().filter(i -> i.keyword().equals("RUN")).findFirst().orElseThrow().args();
    assertThat(build).contains("mvn -B -ntp -DskipTests package -pl cli -am", "cli/target/ecgmon-cli.jar cli/target/lib");
    assertThat(Files.readString(RepoFiles.path("ops/ecgmon"))).contains("package -pl cli -am");
    String gpu = byStage().get("build-gpu").stream().filter(i -> i.keyword().equals("RUN")).findFirst().orElseThrow().args();
    assertThat(gpu).contains("-Pgpu package -pl cli -am");
    assertThat(byStage().get("monitor-gpu")).anySatisfy(i -> assertThat(i.args()).contains("--from=build-gpu"));
  }

  @Test
  void imagesRunTheJarAsAnUnprivilegedUser() {
    for (String target : List.of("tools", "simulator", "monitor", "alerts", "monitor-gpu")) {
      assertThat(last(target, "ENTRYPOINT")).as(target)
          .isEqualTo("[\"java\", \"-jar\", \"/opt/ecgmon/ecgmon-cli.jar\"]");
      assertThat(last(target, "USER")).as(target).isEqualTo("10001:10001");
    }
    assertThat(last("simulator", "CMD")).isEqualTo("[\"simulate\"]");
    assertThat(last("monitor", "CMD")).isEqualTo("[\"monitor\"]");
    assertThat(last("monitor-gpu", "CMD")).isEqualTo("[\"monitor\"]");
    assertThat(last("alerts", "CMD")).contains("\"--web\", \"8088\"", "\"0.0.0.0\"");
  }

  @Test
  void copiedFilesExistAndTheContextSkipsBuildOutputAndData() throws Exception {
    for (Instruction i : instructions) {
      if (i.keyword().equals("COPY") && !i.args().contains("--from=")) {
        List<String> parts = new ArrayList<>(List.of(i.args().split("\\s+")));
        parts.removeIf(p -> p.startsWith("--"));
        for (String source : parts.subList(0, parts.size() - 1)) {
          assertThat(RepoFiles.root().resolve(source)).as("COPY " + source).exists();
        }
      }
    }
    Path ignore = RepoFiles.path("docker/Dockerfile.dockerignore");
    assertThat(Files.readAllLines(ignore)).contains("**/target/", "data/", ".venv/", ".git/");
    assertThat(RepoFiles.path("docker/http-ok")).isExecutable();
  }
}
