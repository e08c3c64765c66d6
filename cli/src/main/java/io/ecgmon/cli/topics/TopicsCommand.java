package io.ecgmon.cli.topics;

import io.ecgmon.config.KafkaClientOptions;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code ecgmon topics}: applies ops/topics.yaml to a cluster with Kafka's Admin API; safe to rerun. */
@Command(name = "topics", mixinStandardHelpOptions = true, versionProvider = io.ecgmon.cli.ManifestVersion.class,
    description = {"Creates the ecgmon topics that are missing, raises partition counts and aligns topic "
        + "configs to the definitions (ops/topics.yaml, built into the CLI). Idempotent: a second run "
        + "changes nothing. Never deletes a topic or lowers a partition count.",
        "Replication and min.insync.replicas are lowered to the broker count (with a warning) on small clusters."})
public final class TopicsCommand implements Callable<Integer> {

  @Mixin
  KafkaClientOptions client;

  @Spec
  CommandSpec spec;

  @Option(names = {"-f", "--file"}, paramLabel = "FILE",
      description = "Topic definitions (YAML); default: the built-in copy of ops/topics.yaml.")
  Path file;

  @Option(names = "--dry-run", description = "Print the changes without applying them.")
  boolean dryRun;

  @Option(names = "--replication-factor", paramLabel = "N",
      description = "Replication for every topic instead of the file's (still at most the broker count).")
  int replicationFactor;

  @Option(names = "--wait", paramLabel = "SECONDS", defaultValue = "60",
      description = "How long to wait for the cluster to answer (default ${DEFAULT-VALUE}).")
  int waitSeconds;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    List<TopicSpec> definitions = file == null ? TopicDefinitions.builtIn() : TopicDefinitions.load(file);
    Map<String, Object> config = KafkaClientOptions.kafkaOnly(client.resolve(Map.of()));
    Admin admin = Admin.create(config);
    try {
      waitForBrokers(admin, out);
      apply(admin, definitions, replicationFactor, dryRun, out);
    } finally {
      admin.close(Duration.ofSeconds(5)); // not the default 60 s wait for calls that never reached a broker
    }
    return 0;
  }

  /**
   * Brings the cluster to {@code definitions} (or only prints the plan when {@code dryRun}), printing
   * one line per topic change or warning; returns the number of changes. For other commands (a demo
   * that starts its own broker) as much as for this one. {@code replicationFactor} 0 keeps the file's.
   */
  public static long apply(Admin admin, List<TopicSpec> definitions, int replicationFactor, boolean dryRun,
      PrintWriter out) throws Exception {
    int brokers = admin.describeCluster().nodes().get(30, TimeUnit.SECONDS).size();
    List<TopicChange> changes = new ArrayList<>();
    List<TopicSpec> wanted = TopicPlanner.fitToCluster(definitions, brokers, replicationFactor, changes);
    changes.addAll(TopicPlanner.plan(wanted, existing(admin, wanted)));
    changes.forEach(c -> out.println((dryRun && c.changesCluster() ? "(dry run) " : "") + c.line()));
    long count = changes.stream().filter(TopicChange::changesCluster).count();
    if (!dryRun && count > 0) {
      apply(admin, changes);
      awaitConverged(admin, wanted, out);
    }
    out.println(dryRun ? "dry run: " + count + " change(s) to apply" : count + " change(s) applied");
    out.flush();
    return count;
  }

  private void waitForBrokers(Admin admin, PrintWriter out) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(waitSeconds);
    while (true) {
      try {
        admin.describeCluster(new DescribeClusterOptions().timeoutMs(5000)).nodes().get(10, TimeUnit.SECONDS);
        return;
      } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("Kafka did not answer within " + waitSeconds + " s", e);
        }
        out.println("waiting for Kafka ...");
        out.flush();
        Thread.sleep(2000);
      }
    }
  }

  /**
   * Brokers learn of new topics, partitions and configs from the metadata log a moment after the
   * calls return; waiting until a fresh plan is empty lets the next step (a producer, a rerun) see them.
   */
  private static void awaitConverged(Admin admin, List<TopicSpec> wanted, PrintWriter out) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (true) {
      try {
        if (TopicPlanner.plan(wanted, existing(admin, wanted)).stream().noneMatch(TopicChange::changesCluster)) {
          return;
        }
      } catch (ExecutionException e) {
        // e.g. listed but not yet describable: look again
      }
      if (System.nanoTime() > deadline) {
        out.println("WARNING  the cluster does not show every change yet after 30 s; rerun to check");
        return;
      }
      Thread.sleep(200);
    }
  }

  private static Map<String, TopicPlanner.Existing> existing(Admin admin, List<TopicSpec> wanted) throws Exception {
    Set<String> names = admin.listTopics().names().get();
    List<String> present = wanted.stream().map(TopicSpec::name).filter(names::contains).toList();
    Map<String, TopicPlanner.Existing> existing = new HashMap<>();
    if (present.isEmpty()) {
      return existing;
    }
    Map<String, TopicDescription> descriptions = admin.describeTopics(present).allTopicNames().get();
    Map<ConfigResource, Config> configs = admin.describeConfigs(present.stream()
        .map(n -> new ConfigResource(ConfigResource.Type.TOPIC, n)).toList()).all().get();
    for (String name : present) {
      TopicDescription d = descriptions.get(name);
      Map<String, String> values = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, name)).entries()
          .stream().filter(e -> e.value() != null)
          .collect(Collectors.toMap(ConfigEntry::name, ConfigEntry::value, (a, b) -> a));
      existing.put(name, new TopicPlanner.Existing(d.partitions().size(),
          d.partitions().get(0).replicas().size(), values));
    }
    return existing;
  }

  private static void apply(Admin admin, List<TopicChange> changes) throws Exception {
    List<NewTopic> creates = new ArrayList<>();
    Map<String, NewPartitions> raises = new HashMap<>();
    Map<ConfigResource, Collection<AlterConfigOp>> sets = new HashMap<>();
    for (TopicChange c : changes) {
      if (c instanceof TopicChange.Create create) {
        TopicSpec s = create.spec();
        creates.add(new NewTopic(s.name(), Optional.of(s.partitions()), Optional.of(s.replicationFactor()))
            .configs(s.configs()));
      } else if (c instanceof TopicChange.AddPartitions add) {
        raises.put(add.topic(), NewPartitions.increaseTo(add.to()));
      } else if (c instanceof TopicChange.SetConfig set) {
        sets.computeIfAbsent(new ConfigResource(ConfigResource.Type.TOPIC, set.topic()), k -> new ArrayList<>())
            .add(new AlterConfigOp(new ConfigEntry(set.key(), set.to()), AlterConfigOp.OpType.SET));
      }
    }
    Duration timeout = Duration.ofSeconds(60);
    if (!creates.isEmpty()) {
      for (var created : admin.createTopics(creates).values().entrySet()) {
        try {
          created.getValue().get(timeout.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException e) {
          // another process (a second topic-init, the schema registry) created it meanwhile: fine
          if (!(e.getCause() instanceof org.apache.kafka.common.errors.TopicExistsException)) {
            throw e;
          }
        }
      }
    }
    if (!raises.isEmpty()) {
      admin.createPartitions(raises).all().get(timeout.toSeconds(), TimeUnit.SECONDS);
    }
    if (!sets.isEmpty()) {
      admin.incrementalAlterConfigs(sets).all().get(timeout.toSeconds(), TimeUnit.SECONDS);
    }
  }
}
