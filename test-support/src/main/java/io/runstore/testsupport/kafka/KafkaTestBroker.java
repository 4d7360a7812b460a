package io.runstore.testsupport.kafka;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Exit;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real Kafka broker in this JVM: one node in KRaft mode (broker and controller), on fixed loopback ports chosen
 * when it is made, its log in a temporary directory. {@link #stop()} shuts it down as a broker going away does
 * (clients see their connections refused); {@link #start()} brings it back on the same ports with the same log, so a
 * client configured with {@link #bootstrapServers()} reconnects by itself. Kafka's fatal-error exits are turned
 * into exceptions, so a broker that fails cannot end the test JVM.
 */
public final class KafkaTestBroker implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(KafkaTestBroker.class);

    private final Path directory;
    private final int brokerPort;
    private final int controllerPort;
    private final String clusterId = Uuid.randomUuid().toString();
    private KafkaRaftServer server;
    private boolean formatted;

    private KafkaTestBroker(Path directory, int brokerPort, int controllerPort) {
        this.directory = directory;
        this.brokerPort = brokerPort;
        this.controllerPort = controllerPort;
    }

    /** A broker, started and ready for clients. */
    public static KafkaTestBroker start(int defaultPartitions) {
        Exit.setExitProcedure((status, message) -> {
            throw new IllegalStateException("Kafka asked to exit with " + status + ": " + message);
        });
        Exit.setHaltProcedure((status, message) -> {
            throw new IllegalStateException("Kafka asked to halt with " + status + ": " + message);
        });
        try {
            int[] ports = freePorts(2);
            KafkaTestBroker broker = new KafkaTestBroker(Files.createTempDirectory("runstore-kafka-"), ports[0],
                    ports[1]);
            broker.partitions = defaultPartitions;
            broker.start();
            return broker;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private int partitions = 1;

    /** {@code 127.0.0.1:port}: the same across {@link #stop()} and {@link #start()}. */
    public String bootstrapServers() {
        return "127.0.0.1:" + brokerPort;
    }

    /** Starts the broker (again, with the log it had) and waits until it answers. */
    public synchronized void start() {
        if (server != null) {
            return;
        }
        KafkaConfig config = new KafkaConfig(properties(), false);
        if (!formatted) {
            format();
            formatted = true;
        }
        server = new KafkaRaftServer(config, Time.SYSTEM);
        server.startup();
        awaitReady();
        log.info("Kafka broker up on {}", bootstrapServers());
    }

    /** Shuts the broker down (clients' connections are refused until {@link #start()}). */
    public synchronized void stop() {
        if (server == null) {
            return;
        }
        server.shutdown();
        server.awaitShutdown();
        server = null;
        log.info("Kafka broker on {} stopped", bootstrapServers());
    }

    @Override
    public void close() {
        stop();
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            log.warn("Could not delete {}", directory, e);
        }
    }

    private Map<String, Object> properties() {
        Map<String, Object> properties = new HashMap<>();
        properties.put("node.id", "1");
        properties.put("process.roles", "broker,controller");
        properties.put("listeners", "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:"
                + controllerPort);
        properties.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
        properties.put("controller.listener.names", "CONTROLLER");
        properties.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        properties.put("inter.broker.listener.name", "PLAINTEXT");
        properties.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        properties.put("log.dirs", directory.resolve("log").toString());
        properties.put("num.partitions", Integer.toString(partitions));
        properties.put("offsets.topic.replication.factor", "1");
        properties.put("offsets.topic.num.partitions", "1");
        properties.put("transaction.state.log.replication.factor", "1");
        properties.put("transaction.state.log.min.isr", "1");
        properties.put("group.initial.rebalance.delay.ms", "0");
        properties.put("num.network.threads", "2");
        properties.put("num.io.threads", "2");
        properties.put("background.threads", "2");
        properties.put("log.cleaner.enable", "false");
        // a test restarts it: do not wait for a controlled shutdown nobody else takes part in
        properties.put("controlled.shutdown.enable", "false");
        // topics are created by who means to (the publisher, with its partitions), never by a consumer looking first
        properties.put("auto.create.topics.enable", "false");
        return properties;
    }

    private void format() {
        try {
            new Formatter()
                    .setPrintStream(new PrintStream(PrintStream.nullOutputStream()))
                    .setNodeId(1)
                    .setClusterId(clusterId)
                    .setDirectories(List.of(directory.resolve("log").toString()))
                    .setMetadataLogDirectory(directory.resolve("log").toString())
                    .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                    .setControllerListenerName("CONTROLLER")
                    .run();
        } catch (Exception e) {
            throw new IllegalStateException("Cannot format the Kafka log directory " + directory, e);
        }
    }

    private void awaitReady() {
        Map<String, Object> config = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 60_000, AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
                10_000);
        try (Admin admin = Admin.create(config)) {
            admin.describeCluster().nodes().get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("The Kafka broker on " + bootstrapServers() + " did not come up", e);
        }
    }

    private static int[] freePorts(int count) throws IOException {
        ServerSocket[] sockets = new ServerSocket[count];
        int[] ports = new int[count];
        try {
            for (int i = 0; i < count; i++) {
                sockets[i] = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
                ports[i] = sockets[i].getLocalPort();
            }
        } finally {
            for (ServerSocket socket : sockets) {
                if (socket != null) {
                    socket.close();
                }
            }
        }
        return ports;
    }
}
