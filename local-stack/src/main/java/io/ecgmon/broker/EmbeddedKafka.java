package io.ecgmon.broker;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import kafka.server.BrokerServer;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialAlteration;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.network.ListenerName;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.apache.kafka.common.security.scram.ScramCredential;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.bootstrap.BootstrapMetadata;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.authorizer.Authorizer;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Apache Kafka cluster in this JVM, from Kafka's own KRaft classes: combined
 * broker+controller nodes, data in a temporary folder deleted on close. Replication factors and min
 * ISR follow the node count, so transactions and exactly-once processing work on one node too.
 *
 * <p>Two ways in: {@code port == 0} uses Kafka's KafkaClusterTestKit (1 or 3 nodes, free ports, what
 * the tests use); a fixed port (the local stack's 9092) starts one KafkaRaftServer with exactly
 * that listener, since the test kit pre-binds its own ports.
 *
 * <p>The {@link #builder()} adds, on the test kit path: a SASL_SSL cluster with SCRAM users and ACLs
 * ({@link SaslSsl}); a {@link PausableProxy} in front of every broker ({@link #proxiedBootstrapServers()})
 * to cut clients off the network; stopping and restarting one broker ({@link #stopBroker(int)}).
 */
public final class EmbeddedKafka implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(EmbeddedKafka.class);
  private static final Duration PROPAGATION_TIMEOUT = Duration.ofSeconds(30);

  /** Where clients connect (the test kit's broker listener). */
  public static final String CLIENT_LISTENER = "EXTERNAL";
  /** A second client listener whose advertised addresses are the proxies'. */
  public static final String PROXIED_LISTENER = "PROXIED";
  /** Broker to broker, secure clusters only (plaintext clusters replicate on EXTERNAL). */
  public static final String INTERNAL_LISTENER = "INTERNAL";
  public static final String CONTROLLER_LISTENER = "CONTROLLER";

  private final String bootstrapServers;
  private final AutoCloseable stop;
  private final KafkaClusterTestKit cluster;
  private final SaslSsl security;
  private final SortedMap<Integer, Integer> internalPorts;
  private final SortedMap<Integer, PausableProxy> proxies;

  private EmbeddedKafka(String bootstrapServers, AutoCloseable stop) {
    this(bootstrapServers, stop, null, null, new TreeMap<>(), new TreeMap<>());
  }

  private EmbeddedKafka(String bootstrapServers, AutoCloseable stop, KafkaClusterTestKit cluster, SaslSsl security,
      SortedMap<Integer, Integer> internalPorts, SortedMap<Integer, PausableProxy> proxies) {
    this.bootstrapServers = bootstrapServers;
    this.stop = stop;
    this.cluster = cluster;
    this.security = security;
    this.internalPorts = internalPorts;
    this.proxies = proxies;
  }

  /** A cluster on free ports. */
  public static EmbeddedKafka start(int nodes) throws Exception {
    return start(nodes, 0);
  }

  /**
   * @param nodes 1 or 3
   * @param port client port (single node only), or 0 for free ports
   */
  public static EmbeddedKafka start(int nodes, int port) throws Exception {
    return builder().nodes(nodes).port(port).start();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Options beyond node count and port; {@link #start()} checks they go together. */
  public static final class Builder {
    private int nodes = 1;
    private int port;
    private boolean saslSsl;
    private boolean proxied;

    private Builder() {}

    /** 1 or 3 combined broker+controller nodes. */
    public Builder nodes(int nodes) {
      this.nodes = nodes;
      return this;
    }

    /** A fixed client port (single plaintext node), 0 (the default) for free ports. */
    public Builder port(int port) {
      this.port = port;
      return this;
    }

    /**
     * SASL_SSL on every listener, SCRAM-SHA-512 for clients, KRaft's StandardAuthorizer with
     * {@code allow.everyone.if.no.acl.found=false}; TLS material generated now, in the data folder.
     */
    public Builder saslSsl() {
      this.saslSsl = true;
      return this;
    }

    /** A pausable TCP proxy in front of every broker, advertised on its own listener. */
    public Builder proxied() {
      this.proxied = true;
      return this;
    }

    public EmbeddedKafka start() throws Exception {
      if (nodes != 1 && nodes != 3) {
        throw new IllegalArgumentException("nodes must be 1 or 3, not " + nodes);
      }
      if (port != 0 && nodes != 1) {
        throw new IllegalArgumentException("a fixed port is supported for a single node only");
      }
      if (port != 0 && (saslSsl || proxied)) {
        throw new IllegalArgumentException("SASL_SSL and proxies are supported on free ports only (port 0)");
      }
      EmbeddedKafka kafka = port == 0 ? testKit(this) : singleServer(port);
      log.info("Kafka ({} KRaft node{}{}{}) ready at {}", nodes, nodes == 1 ? "" : "s", saslSsl ? ", SASL_SSL" : "",
          proxied ? ", proxied" : "", kafka.bootstrapServers);
      return kafka;
    }
  }

  private static Map<String, String> replicationConfig(int nodes) {
    String replication = Integer.toString(Math.min(nodes, 3));
    String minIsr = nodes == 1 ? "1" : "2";
    return Map.of(
        "offsets.topic.replication.factor", replication,
        "offsets.topic.num.partitions", "5",
        "transaction.state.log.replication.factor", replication,
        "transaction.state.log.min.isr", minIsr,
        "min.insync.replicas", minIsr,
        "default.replication.factor", replication,
        "group.initial.rebalance.delay.ms", "0",
        "auto.create.topics.enable", "false");
  }

  private static EmbeddedKafka testKit(Builder options) throws Exception {
    int nodes = options.nodes;
    Path tlsDir = null;
    SaslSsl security = null;
    SortedMap<Integer, Integer> internalPorts = new TreeMap<>();
    SortedMap<Integer, PausableProxy> proxies = new TreeMap<>();
    AtomicReference<KafkaClusterTestKit> started = new AtomicReference<>();
    try {
      SecurityProtocol protocol = SecurityProtocol.PLAINTEXT;
      List<String> clientListeners = new ArrayList<>(List.of(CLIENT_LISTENER));
      if (options.proxied) {
        clientListeners.add(PROXIED_LISTENER);
      }
      if (options.saslSsl) {
        protocol = SecurityProtocol.SASL_SSL;
        tlsDir = Files.createTempDirectory("ecgmon-tls-");
        security = new SaslSsl(TlsMaterial.generate(tlsDir));
      }
      Map<Integer, Map<String, String>> perNode = new HashMap<>();
      for (int id = 0; id < nodes; id++) {
        // the test kit pre-binds EXTERNAL and CONTROLLER ("port 0" here); the others are ours
        List<String> listeners = new ArrayList<>(List.of(CLIENT_LISTENER + "://localhost:0",
            CONTROLLER_LISTENER + "://localhost:0"));
        // a controller's voter endpoints come from here too once it is set: keep CONTROLLER in it
        List<String> advertised = new ArrayList<>(List.of(CLIENT_LISTENER + "://localhost:0",
            CONTROLLER_LISTENER + "://localhost:0"));
        if (security != null) {
          // a fixed port, so the super user's bootstrap list survives a broker restart
          int internal = freePort();
          internalPorts.put(id, internal);
          listeners.add(INTERNAL_LISTENER + "://localhost:" + internal);
          advertised.add(INTERNAL_LISTENER + "://localhost:" + internal);
        }
        if (options.proxied) {
          int brokerId = id;
          PausableProxy proxy = PausableProxy.start(() -> new InetSocketAddress("localhost",
              started.get().brokers().get(brokerId).boundPort(ListenerName.normalised(PROXIED_LISTENER))));
          proxies.put(id, proxy);
          listeners.add(PROXIED_LISTENER + "://localhost:0");
          advertised.add(PROXIED_LISTENER + "://" + proxy.address());
        }
        perNode.put(id, Map.of("listeners", String.join(",", listeners),
            "advertised.listeners", String.join(",", advertised)));
      }
      TestKitNodes topology = new TestKitNodes.Builder(productionFeatures())
          .setCombined(true)
          .setNumBrokerNodes(nodes)
          .setNumControllerNodes(nodes)
          .setBrokerListenerName(ListenerName.normalised(CLIENT_LISTENER))
          .setControllerListenerName(ListenerName.normalised(CONTROLLER_LISTENER))
          .setPerServerProperties(perNode)
          .build();
      KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(topology).setDeleteOnClose(true);
      replicationConfig(nodes).forEach(builder::setConfigProp);
      List<String> protocolMap = new ArrayList<>();
      for (String listener : clientListeners) {
        protocolMap.add(listener + ":" + protocol.name);
      }
      protocolMap.add(CONTROLLER_LISTENER + ":" + protocol.name);
      if (security != null) {
        protocolMap.add(INTERNAL_LISTENER + ":" + protocol.name);
        security.brokerConfig(clientListeners).forEach(builder::setConfigProp);
      }
      // The 4.3 test kit refuses SASL_SSL in its topology (KAFKA-16680) and only ever reads the
      // protocols to add PLAIN defaults for SASL_PLAINTEXT: it is told PLAINTEXT, the map says the truth.
      builder.setConfigProp("listener.security.protocol.map", String.join(",", protocolMap));
      KafkaClusterTestKit cluster = builder.build();
      started.set(cluster);
      cluster.format();
      startControllersThenBrokers(cluster);
      cluster.waitForReadyBrokers();
      Path tls = tlsDir;
      return new EmbeddedKafka(cluster.bootstrapServers(), () -> {
        try {
          proxies.values().forEach(PausableProxy::close);
          cluster.close();
        } finally {
          if (tls != null) {
            deleteRecursively(tls);
          }
        }
      }, cluster, security, internalPorts, proxies);
    } catch (Exception | Error e) {
      proxies.values().forEach(PausableProxy::close);
      if (started.get() != null) {
        started.get().close();
      }
      if (tlsDir != null) {
        deleteRecursively(tlsDir);
      }
      throw e;
    }
  }

  /**
   * The test kit's own startup() starts controllers and brokers all at once; on a combined node whose
   * broker wins that race the Raft client starts without the controller's endpoints and, on three
   * nodes, the followers' UpdateRaftVoter is refused as INVALID_REQUEST, a fatal error (seen with
   * 4.3.1 on a busy machine). KafkaRaftServer's order avoids it: every controller, then every broker.
   */
  private static void startControllersThenBrokers(KafkaClusterTestKit cluster) throws Exception {
    ExecutorService starter = Executors.newCachedThreadPool();
    try {
      List<Future<?>> started = new ArrayList<>();
      cluster.controllers().values().forEach(c -> started.add(starter.submit(c::startup)));
      for (Future<?> f : started) {
        f.get();
      }
      started.clear();
      cluster.brokers().values().forEach(b -> started.add(starter.submit(b::startup)));
      for (Future<?> f : started) {
        f.get();
      }
    } finally {
      starter.shutdown();
    }
  }

  /** Production metadata version and feature levels (the test kit defaults to unreleased ones). */
  private static BootstrapMetadata productionFeatures() {
    Map<String, Short> levels = new TreeMap<>();
    for (Feature f : Feature.PRODUCTION_FEATURES) {
      levels.put(f.featureName(), f.defaultLevel(MetadataVersion.LATEST_PRODUCTION));
    }
    return BootstrapMetadata.fromVersions(MetadataVersion.LATEST_PRODUCTION, levels, "ecgmon");
  }

  private static EmbeddedKafka singleServer(int port) throws Exception {
    Path dir = Files.createTempDirectory("ecgmon-kafka-");
    int controllerPort = freePort();
    Map<String, Object> config = new HashMap<>(replicationConfig(1));
    config.put("process.roles", "broker,controller");
    config.put("node.id", "1");
    config.put("controller.quorum.voters", "1@localhost:" + controllerPort);
    config.put("listeners", "PLAINTEXT://localhost:" + port + ",CONTROLLER://localhost:" + controllerPort);
    config.put("advertised.listeners", "PLAINTEXT://localhost:" + port);
    config.put("controller.listener.names", "CONTROLLER");
    config.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    config.put("log.dirs", dir.toString());
    new Formatter()
        .setPrintStream(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()))
        .setClusterId(Uuid.randomUuid().toString())
        .setNodeId(1)
        .setControllerListenerName("CONTROLLER")
        .setMetadataLogDirectory(dir.toString())
        .setDirectories(List.of(dir.toString()))
        .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
        .run();
    KafkaRaftServer server = new KafkaRaftServer(new KafkaConfig(config), Time.SYSTEM);
    server.startup();
    return new EmbeddedKafka("localhost:" + port, () -> {
      server.shutdown();
      server.awaitShutdown();
      deleteRecursively(dir);
    });
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static void deleteRecursively(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  /** The client listener (SASL_SSL with SCRAM on a secure cluster). */
  public String bootstrapServers() {
    return bootstrapServers;
  }

  public boolean isSecure() {
    return security != null;
  }

  /** Broker ids (0, 1, 2 on three nodes). */
  public List<Integer> brokerIds() {
    return testKit().brokers().keySet().stream().sorted().toList();
  }

  // ---- security -------------------------------------------------------------------------------

  /**
   * Complete client properties for {@code user} on the client listener: bootstrap.servers plus, on a
   * secure cluster, security.protocol, sasl.mechanism, sasl.jaas.config and the truststore.
   */
  public Map<String, Object> clientConfig(String user, String password) {
    Map<String, Object> c = new HashMap<>(secure().clientConfig(user, password));
    c.put("bootstrap.servers", bootstrapServers);
    return c;
  }

  /** Properties of the super user (ACLs, SCRAM users, topics); plain bootstrap.servers on a plaintext cluster. */
  public Map<String, Object> superUserConfig() {
    if (security == null) {
      return new HashMap<>(Map.of("bootstrap.servers", bootstrapServers));
    }
    Map<String, Object> c = new HashMap<>(security.superUserConfig());
    c.put("bootstrap.servers", internalPorts.values().stream().map(p -> "localhost:" + p)
        .collect(Collectors.joining(",")));
    return c;
  }

  /** The generated CA, keystore and truststore of a secure cluster. */
  public TlsMaterial tls() {
    return secure().tls();
  }

  /** Creates or updates SCRAM-SHA-512 users and waits until every broker can authenticate them. */
  public void upsertScramUsers(Map<String, String> passwordsByUser) throws Exception {
    secure();
    List<UserScramCredentialAlteration> upserts = new ArrayList<>();
    passwordsByUser.forEach((user, password) -> upserts.add(new UserScramCredentialUpsertion(user,
        new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 4096), password)));
    try (Admin admin = Admin.create(superUserConfig())) {
      admin.alterUserScramCredentials(upserts).all().get();
    }
    // the credential reaches each broker through the metadata log, a moment later
    for (Map.Entry<Integer, BrokerServer> broker : testKit().brokers().entrySet()) {
      waitFor(() -> passwordsByUser.keySet().stream().allMatch(user -> broker.getValue().credentialProvider()
              .credentialCache.cache(SaslSsl.CLIENT_MECHANISM, ScramCredential.class).get(user) != null),
          "SCRAM users " + passwordsByUser.keySet() + " on broker " + broker.getKey());
    }
  }

  /** Waits until every broker's authorizer holds {@code acls} (created through the Admin API before). */
  public void awaitAcls(Collection<AclBinding> acls) throws Exception {
    for (Map.Entry<Integer, BrokerServer> broker : testKit().brokers().entrySet()) {
      Authorizer authorizer = broker.getValue().authorizerPlugin().get().get();
      waitFor(() -> acls.stream().allMatch(acl -> authorizer.acls(acl.toFilter()).iterator().hasNext()),
          acls.size() + " ACLs on broker " + broker.getKey());
    }
  }

  private SaslSsl secure() {
    if (security == null) {
      throw new IllegalStateException("a plaintext cluster: start it with EmbeddedKafka.builder().saslSsl()");
    }
    return security;
  }

  // ---- faults ---------------------------------------------------------------------------------

  /** Bootstrap list through the proxies: clients using it reach every broker through its proxy only. */
  public String proxiedBootstrapServers() {
    if (proxies.isEmpty()) {
      throw new IllegalStateException("no proxies: start the cluster with EmbeddedKafka.builder().proxied()");
    }
    return proxies.values().stream().map(PausableProxy::address).collect(Collectors.joining(","));
  }

  /** The proxy in front of broker {@code brokerId}. */
  public PausableProxy proxy(int brokerId) {
    proxiedBootstrapServers();
    PausableProxy proxy = proxies.get(brokerId);
    if (proxy == null) {
      throw new IllegalArgumentException("no broker " + brokerId + " (brokers: " + proxies.keySet() + ")");
    }
    return proxy;
  }

  /** Pauses every proxy: proxied clients lose the whole cluster, direct clients do not notice. */
  public void pauseProxies() {
    proxiedBootstrapServers();
    proxies.values().forEach(PausableProxy::pause);
  }

  public void resumeProxies() {
    proxiedBootstrapServers();
    proxies.values().forEach(PausableProxy::resume);
  }

  /**
   * Shuts one broker down cleanly (its controller, on a combined node, stays up: the quorum keeps its
   * majority). Its partitions move to the other brokers; its listener port is kept for the restart.
   */
  public void stopBroker(int brokerId) {
    broker(brokerId).shutdown();
    log.info("broker {} stopped", brokerId);
  }

  /** Starts a stopped broker again on the same ports and data; returns once it is unfenced. */
  public void startBroker(int brokerId) {
    broker(brokerId).startup();
    log.info("broker {} restarted", brokerId);
  }

  public boolean isBrokerRunning(int brokerId) {
    return !broker(brokerId).isShutdown();
  }

  private BrokerServer broker(int brokerId) {
    BrokerServer broker = testKit().brokers().get(brokerId);
    if (broker == null) {
      throw new IllegalArgumentException("no broker " + brokerId + " (brokers: " + brokerIds() + ")");
    }
    return broker;
  }

  private KafkaClusterTestKit testKit() {
    if (cluster == null) {
      throw new IllegalStateException("not available on the fixed-port single server");
    }
    return cluster;
  }

  private static void waitFor(BooleanSupplier condition, String what) throws TimeoutException, InterruptedException {
    long deadline = System.nanoTime() + PROPAGATION_TIMEOUT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new TimeoutException("waited " + PROPAGATION_TIMEOUT.toSeconds() + " s for " + what);
      }
      Thread.sleep(20);
    }
  }

  @Override
  public void close() throws Exception {
    stop.close();
    log.info("Kafka stopped");
  }
}
