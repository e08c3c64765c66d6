package io.ecgmon.cli.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecgmon.cli.Ecgmon;
import io.ecgmon.cli.RepoFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** docker/docker-compose.yml, parsed as compose does, checked for what the deployment relies on. */
class ComposeFileTest {

  /**
   * Subcommands the compose file and images run that are not wired into Ecgmon yet; each must leave
   * this set when it is wired (checked below). Empty: simulate and monitor are wired.
   */
  static final Set<String> AWAITING_WIRING = Set.of();

  private final Path composeFile = RepoFiles.path("docker/docker-compose.yml");
  private final Map<String, Object> compose = Yaml.load(composeFile);
  private final Map<String, Object> services = Yaml.map(compose.get("services"));

  ComposeFileTest() throws Exception { }

  private Map<String, Object> service(String name) {
    assertThat(services).containsKey(name);
    return Yaml.map(services.get(name));
  }

  @Test
  void hasEveryPieceOfTheSystem() {
    assertThat(services).containsKeys("kafka", "schema-registry", "topic-init", "simulator", "monitor", "monitor-gpu",
        "alerts", "prometheus", "grafana");
  }

  @Test
  void kafkaIsASingleKraftNodeWithReplicationOne() {
    Map<String, Object> kafka = service("kafka");
    assertThat(kafka.get("image").toString()).contains("apache/kafka");
    Map<String, Object> env = Yaml.map(kafka.get("environment"));
    assertThat(env.get("KAFKA_PROCESS_ROLES").toString()).contains("broker", "controller");
    for (String key : List.of("KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR", "KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR",
        "KAFKA_TRANSACTION_STATE_LOG_MIN_ISR", "KAFKA_DEFAULT_REPLICATION_FACTOR", "KAFKA_MIN_INSYNC_REPLICAS")) {
      assertThat(env.get(key)).as(key).hasToString("1");
    }
    assertThat(env.get("KAFKA_AUTO_CREATE_TOPICS_ENABLE")).hasToString("false");
    assertThat(env.get("KAFKA_ADVERTISED_LISTENERS").toString()).contains("kafka:19092");
    Map<String, Object> registry = service("schema-registry");
    assertThat(registry.get("image").toString()).contains("confluentinc/cp-schema-registry");
    assertThat(Yaml.map(registry.get("environment"))).containsEntry("SCHEMA_REGISTRY_KAFKASTORE_TOPIC", "_schemas")
        .containsEntry("SCHEMA_REGISTRY_KAFKASTORE_BOOTSTRAP_SERVERS", "PLAINTEXT://kafka:19092");
  }

  @Test
  void servicesThatServeHaveHealthchecksAndDependenciesWaitForThem() {
    for (String name : List.of("kafka", "schema-registry", "monitor", "monitor-gpu", "alerts", "prometheus", "grafana")) {
      Map<String, Object> hc = Yaml.map(service(name).get("healthcheck"));
      assertThat(Yaml.list(hc.get("test"))).as(name + " healthcheck").isNotEmpty();
    }
    services.forEach((name, s) -> {
      Object dependsOn = Yaml.map(s).get("depends_on");
      if (dependsOn == null) {
        return;
      }
      Yaml.map(dependsOn).forEach((dep, spec) -> {
        assertThat(services).as(name + " depends on " + dep).containsKey(dep);
        String condition = Yaml.map(spec).get("condition").toString();
        assertThat(condition).isIn("service_started", "service_healthy", "service_completed_successfully");
        if (condition.equals("service_healthy")) {
          assertThat(service(dep)).as(dep + " needs a healthcheck").containsKey("healthcheck");
        }
        if (condition.equals("service_completed_successfully")) {
          assertThat(service(dep).get("restart")).as(dep + " runs once").isEqualTo("no");
        }
      });
    });
    for (String app : List.of("simulator", "monitor", "monitor-gpu", "alerts", "schema-registry")) {
      assertThat(Yaml.map(service(app).get("depends_on"))).as(app).containsKey("topic-init");
    }
  }

  @Test
  void theGpuMonitorReservesAGpuInItsProfile() {
    Map<String, Object> gpu = service("monitor-gpu");
    assertThat(Yaml.list(gpu.get("profiles"))).containsExactly("gpu");
    Map<String, Object> device = Yaml.map(Yaml.list(Yaml.map(Yaml.map(Yaml.map(gpu.get("deploy")).get("resources"))
        .get("reservations")).get("devices")).get(0));
    assertThat(device).containsEntry("driver", "nvidia");
    assertThat(Yaml.map(gpu.get("environment"))).containsEntry("ECGMON_INFERENCE_PROVIDER", "cuda");
    assertThat(Yaml.list(device.get("capabilities"))).contains("gpu");
    assertThat(Yaml.map(service("monitor").get("deploy")).get("replicas").toString())
        .contains("MONITOR_CPU_REPLICAS");
  }

  @Test
  void noSecretIsWrittenInTheFile() throws Exception {
    Pattern secretish = Pattern.compile("(?i).*(password|secret|token|credential|api_?key).*");
    Pattern placeholder = Pattern.compile("^\\$\\{[A-Z0-9_]+(:?[-?][^}]*)?}$");
    services.forEach((name, s) -> Yaml.map(Yaml.map(s).get("environment")).forEach((key, value) -> {
      if (secretish.matcher(key).matches()) {
        assertThat(String.valueOf(value)).as(name + " " + key).matches(placeholder);
      }
    }));
    String withoutPlaceholders = Files.readString(composeFile).replaceAll("\\$\\{[^}]*}", "\\${}");
    assertThat(withoutPlaceholders).doesNotContainPattern("(?i)(password|secret|token)\\w*\\s*[=:]\\s*[^$\\s]");
    assertThat(Files.readString(RepoFiles.path("docker/.env.example"))).containsPattern("(?m)^GRAFANA_ADMIN_PASSWORD=$");
    assertThat(Files.readString(RepoFiles.path("docker/.gitignore"))).contains(".env");
  }

  @Test
  void builtImagesUseDockerfileStagesAndRunRealCommands() throws Exception {
    Set<String> stages = DockerfileTest.stages(Files.readString(RepoFiles.path("docker/Dockerfile")));
    Set<String> registered = Ecgmon.commandLine().getSubcommands().keySet();
    assertThat(registered).as("wired commands must leave AWAITING_WIRING").noneMatch(AWAITING_WIRING::contains);
    services.forEach((name, s) -> {
      Map<String, Object> service = Yaml.map(s);
      if (!service.containsKey("build")) {
        return;
      }
      Map<String, Object> build = Yaml.map(service.get("build"));
      Path context = composeFile.getParent().resolve(build.get("context").toString()).normalize();
      assertThat(context.resolve(build.get("dockerfile").toString())).as(name).isRegularFile();
      assertThat(stages).as(name + " target").contains(build.get("target").toString());
      String command = Yaml.list(service.get("command")).get(0).toString();
      assertThat(registered.contains(command) || AWAITING_WIRING.contains(command))
          .as(name + " runs 'ecgmon " + command + "'").isTrue();
    });
  }

  @Test
  void mountedOpsFilesExist() {
    services.forEach((name, s) -> Yaml.list(Yaml.map(s).get("volumes")).forEach(v -> {
      String source = v.toString().split(":")[0];
      if (source.startsWith("../ops")) {
        assertThat(composeFile.getParent().resolve(source).normalize()).as(name + " mounts " + source).exists();
      }
    }));
  }

  @Test
  void theLiveViewIsPublishedOnLoopbackOnly() {
    assertThat(Yaml.list(service("alerts").get("ports"))).allSatisfy(p -> assertThat(p.toString()).startsWith("127.0.0.1:"));
    assertThat(Yaml.list(service("grafana").get("ports"))).allSatisfy(p -> assertThat(p.toString()).startsWith("127.0.0.1:"));
  }
}
