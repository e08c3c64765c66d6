package io.ecgmon.cli.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ecgmon.cli.RepoFiles;
import java.nio.file.Files;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** ops/prometheus and ops/grafana against the metrics contract (ops/metrics.txt) and the compose file. */
class MonitoringConfigTest {

  private static final Pattern METRIC = Pattern.compile("\\b((?:ecgmon|kafka)_[a-z0-9_]+)\\b");
  private static final Pattern SERIES_SUFFIX = Pattern.compile("_(bucket|count|sum|max)$");

  private final JsonNode dashboard = new ObjectMapper().readTree(RepoFiles.path("ops/grafana/dashboards/ecgmon.json")
      .toFile());

  MonitoringConfigTest() throws Exception { }

  /** Contract lines: exact names, and families ending in _* (prefixes). */
  private static List<String> contract() throws Exception {
    return Files.readAllLines(RepoFiles.path("ops/metrics.txt")).stream().map(String::strip)
        .filter(l -> !l.isEmpty() && !l.startsWith("#")).map(l -> l.split("\\s+")[0]).toList();
  }

  private Set<String> dashboardMetrics() {
    Set<String> names = new LinkedHashSet<>();
    for (JsonNode panel : dashboard.get("panels")) {
      for (JsonNode target : panel.get("targets")) {
        Matcher m = METRIC.matcher(target.get("expr").asText());
        while (m.find()) {
          names.add(m.group(1));
        }
      }
    }
    return names;
  }

  private static boolean declared(String series, List<String> contract) {
    for (String c : contract) {
      if (c.endsWith("_*") ? series.startsWith(c.substring(0, c.length() - 1))
          : series.equals(c) || SERIES_SUFFIX.matcher(series).replaceFirst("").equals(c)) {
        return true;
      }
    }
    return false;
  }

  @Test
  void everyDashboardQueryUsesContractMetricsAndEveryContractMetricIsShown() throws Exception {
    List<String> contract = contract();
    Set<String> used = dashboardMetrics();
    assertThat(used).isNotEmpty().allSatisfy(m -> assertThat(declared(m, contract)).as(m + " is in ops/metrics.txt").isTrue());
    for (String c : contract) {
      boolean shown = used.stream().anyMatch(u -> c.endsWith("_*") ? u.startsWith(c.substring(0, c.length() - 1))
          : u.equals(c) || SERIES_SUFFIX.matcher(u).replaceFirst("").equals(c));
      assertThat(shown).as(c + " has a panel").isTrue();
    }
    // the latencies the issue asks for come as p50 and p99 from histogram buckets
    String exprs = dashboard.get("panels").findValuesAsText("expr").toString();
    for (String h : List.of("ecgmon_inference_seconds_bucket", "ecgmon_end_to_end_latency_seconds_bucket")) {
      assertThat(exprs).contains("histogram_quantile(0.5, sum by (le) (rate(" + h)
          .contains("histogram_quantile(0.99, sum by (le) (rate(" + h);
    }
  }

  @Test
  void panelsUseTheProvisionedDatasourceAndHaveUniqueIds() throws Exception {
    Map<String, Object> ds = Yaml.map(Yaml.list(Yaml.load(RepoFiles.path(
        "ops/grafana/provisioning/datasources/prometheus.yml")).get("datasources")).get(0));
    assertThat(ds).containsEntry("type", "prometheus").containsEntry("url", "http://prometheus:9090");
    Set<Integer> ids = new HashSet<>();
    for (JsonNode panel : dashboard.get("panels")) {
      assertThat(ids.add(panel.get("id").asInt())).as("unique id " + panel.get("id")).isTrue();
      assertThat(panel.get("datasource").get("uid").asText()).isEqualTo(ds.get("uid"));
      for (JsonNode target : panel.get("targets")) {
        assertThat(target.get("datasource").get("uid").asText()).isEqualTo(ds.get("uid"));
        assertThat(target.get("expr").asText()).isNotBlank();
      }
    }
    assertThat(dashboard.get("uid").asText()).isEqualTo("ecgmon-monitor");
    assertThat(dashboard.get("panels").findValuesAsText("title")).anyMatch(t -> t.contains("Consumer lag"))
        .anyMatch(t -> t.contains("Dead letters by reason")).anyMatch(t -> t.contains("Alerts by kind"))
        .anyMatch(t -> t.contains("Active patients")).anyMatch(t -> t.contains("batch size"));
  }

  @Test
  void grafanaLoadsTheDashboardFromWhereComposeMountsIt() throws Exception {
    Map<String, Object> provider = Yaml.map(Yaml.list(Yaml.load(RepoFiles.path(
        "ops/grafana/provisioning/dashboards/ecgmon.yml")).get("providers")).get(0));
    String path = Yaml.map(provider.get("options")).get("path").toString();
    Map<String, Object> grafana = Yaml.map(Yaml.map(Yaml.load(RepoFiles.path("docker/docker-compose.yml"))
        .get("services")).get("grafana"));
    assertThat(Yaml.list(grafana.get("volumes"))).contains("../ops/grafana/dashboards:" + path + ":ro");
  }

  @Test
  void prometheusScrapesEveryMonitorOnItsMetricsPort() throws Exception {
    Map<String, Object> prometheus = Yaml.load(RepoFiles.path("ops/prometheus/prometheus.yml"));
    Map<String, Object> job = Yaml.list(prometheus.get("scrape_configs")).stream().map(Yaml::map)
        .filter(j -> "ecgmon-monitor".equals(j.get("job_name"))).findFirst().orElseThrow();
    assertThat(job).containsEntry("metrics_path", "/metrics");
    Map<String, Object> sd = Yaml.map(Yaml.list(job.get("dns_sd_configs")).get(0));
    assertThat(sd).containsEntry("port", 8080).containsEntry("type", "A");
    Set<String> services = Yaml.map(Yaml.load(RepoFiles.path("docker/docker-compose.yml")).get("services")).keySet();
    assertThat(Yaml.list(sd.get("names"))).allSatisfy(n -> assertThat(services).contains(n.toString()))
        .contains("monitor", "monitor-gpu");
  }
}
