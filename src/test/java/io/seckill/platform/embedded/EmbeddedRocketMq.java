package io.seckill.platform.embedded;

import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ExecutorService;

import org.apache.rocketmq.auth.config.AuthConfig;
import org.apache.rocketmq.broker.BrokerController;
import org.apache.rocketmq.common.BrokerConfig;
import org.apache.rocketmq.common.MQVersion;
import org.apache.rocketmq.common.TopicConfig;
import org.apache.rocketmq.common.constant.PermName;
import org.apache.rocketmq.common.namesrv.NamesrvConfig;
import org.apache.rocketmq.namesrv.NamesrvController;
import org.apache.rocketmq.remoting.common.TlsMode;
import org.apache.rocketmq.remoting.netty.NettyClientConfig;
import org.apache.rocketmq.remoting.netty.NettyServerConfig;
import org.apache.rocketmq.remoting.netty.TlsSystemConfig;
import org.apache.rocketmq.remoting.protocol.RemotingCommand;
import org.apache.rocketmq.remoting.protocol.route.TopicRouteData;
import org.apache.rocketmq.store.DefaultMessageStore;
import org.apache.rocketmq.store.config.MessageStoreConfig;
import org.apache.rocketmq.store.rocksdb.MessageRocksDBStorage;
import org.slf4j.LoggerFactory;

import io.seckill.ops.rocketmq.IdleAwareTransactionalMessageService;

/** A RocketMQ 5 name server and one broker, both in this JVM, storing into a temp dir. */
final class EmbeddedRocketMq implements AutoCloseable {

    private static final String BROKER_NAME = "seckill-embedded";
    private static final int QUEUES = 4;
    private static final Duration ROUTE_WAIT = Duration.ofSeconds(30);

    private final Path directory;
    private final String nameServerAddress;
    private final NamesrvController nameServer;
    private final BrokerController broker;

    EmbeddedRocketMq(Set<String> topics, Duration transactionCheckInterval, Duration transactionTimeout) throws Exception {
        // Brokers and clients stamp this on every request. Unset (the scripts set it), the broker registers as version 0
        // and the name server reads its topic table in the old format, dropping the routes.
        System.setProperty(RemotingCommand.REMOTING_VERSION_KEY, String.valueOf(MQVersion.CURRENT_VERSION));
        // No TLS on the in-process servers' ports: in the default "permissive" mode each makes a self-signed
        // certificate at start (seconds of CPU; scripts/cluster passes -Dtls.server.mode=disabled likewise).
        TlsSystemConfig.tlsMode = TlsMode.DISABLED;
        directory = LocalResources.tempDir("seckill-rocketmq-");
        int nameServerPort = LocalResources.freePort();
        nameServerAddress = LocalResources.LOOPBACK + ":" + nameServerPort;
        NamesrvController startedNameServer = null;
        BrokerController startedBroker = null;
        try {
            startedNameServer = startNameServer(nameServerPort);
            startedBroker = createBroker(transactionCheckInterval, transactionTimeout);
            addTopics(startedBroker, topics);
            startedBroker.start();
            awaitRoutes(startedNameServer, startedBroker, topics);
        } catch (Exception | Error e) {
            shutDown(startedBroker, startedNameServer);
            throw e;
        }
        nameServer = startedNameServer;
        broker = startedBroker;
    }

    String nameServerAddress() {
        return nameServerAddress;
    }

    Path directory() {
        return directory;
    }

    /** Creates the topics not there yet, for a later context that asks for more; returns once producers can route to them. */
    synchronized void ensureTopics(Set<String> topics) throws InterruptedException {
        addTopics(broker, topics);
        awaitRoutes(nameServer, broker, topics);
    }

    @Override
    public void close() {
        shutDown(broker, nameServer);
    }

    private NamesrvController startNameServer(int port) throws Exception {
        var config = new NamesrvConfig();
        config.setRocketmqHome(directory.toString());
        config.setKvConfigPath(directory.resolve("namesrv/kvConfig.json").toString());
        config.setConfigStorePath(directory.resolve("namesrv/namesrv.properties").toString());
        var controller = new NamesrvController(config, serverConfig(port), new NettyClientConfig());
        if (!controller.initialize()) {
            throw new IllegalStateException("RocketMQ name server failed to initialize");
        }
        controller.start();
        return controller;
    }

    private BrokerController createBroker(Duration transactionCheckInterval, Duration transactionTimeout) throws Exception {
        // The broker also serves "VIP" clients on port - 2.
        int port = LocalResources.freePortWithFree(-2);
        var config = new BrokerConfig();
        config.setBrokerName(BROKER_NAME);
        config.setBrokerIP1(LocalResources.LOOPBACK);
        config.setListenPort(port);
        config.setNamesrvAddr(nameServerAddress);
        config.setRocketmqHome(directory.toString());
        config.setAutoCreateTopicEnable(false);
        config.setTransactionCheckInterval(transactionCheckInterval.toMillis());
        config.setTransactionTimeOut(transactionTimeout.toMillis());

        var store = new MessageStoreConfig();
        store.setStorePathRootDir(directory.resolve("store").toString());
        // Defaults are sized for production (1 GB commit log files, 400 MB index files); these keep a dev box light.
        store.setMappedFileSizeCommitLog(32 * 1024 * 1024);
        store.setMappedFileSizeConsumeQueue(30_000 * 20);
        store.setMaxHashSlotNum(50_000);
        store.setMaxIndexNum(200_000);
        // HA listens even without replicas, on 10912 by default: a second JVM with its own broker would collide.
        store.setHaListenPort(LocalResources.freePort());
        // Developers' disks are often fuller than the 75 % a production broker tolerates before refusing writes.
        store.setDiskMaxUsedSpaceRatio(95);
        // The timer wheel serves timer messages, which Seckill never sends; its flush thread alone was 4-5 % of
        // the CPU during a sale (BENCHMARKS.md). Retries of failed deliveries use delay levels, not the wheel.
        store.setTimerWheelEnable(false);

        var auth = new AuthConfig();
        auth.setConfigName(BROKER_NAME);
        auth.setClusterName(config.getBrokerClusterName());
        auth.setAuthConfigPath(directory.resolve("store/config").toString());

        var controller = new BrokerController(config, serverConfig(port), new NettyClientConfig(), store, auth);
        if (!controller.initialize()) {
            controller.shutdown();
            throw new IllegalStateException("RocketMQ broker failed to initialize");
        }
        IdleAwareTransactionalMessageService.install(controller);
        return controller;
    }

    private static NettyServerConfig serverConfig(int port) {
        var config = new NettyServerConfig();
        config.setListenPort(port);
        config.setBindAddress(LocalResources.LOOPBACK);
        return config;
    }

    private static void addTopics(BrokerController broker, Set<String> topics) {
        var manager = broker.getTopicConfigManager();
        for (String topic : topics) {
            if (manager.selectTopicConfig(topic) == null) {
                manager.updateTopicConfig(new TopicConfig(topic, QUEUES, QUEUES, PermName.PERM_READ | PermName.PERM_WRITE));
            }
        }
    }

    /** Polls the name server's route table, which producers are answered from, until every topic has a writable route. */
    private void awaitRoutes(NamesrvController nameServer, BrokerController broker, Set<String> topics)
            throws InterruptedException {
        long deadline = System.nanoTime() + ROUTE_WAIT.toNanos();
        while (!topics.stream().allMatch(topic -> routable(nameServer.getRouteInfoManager().pickupTopicRouteData(topic)))) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Name server " + nameServerAddress + " has no route to " + topics
                        + " after " + ROUTE_WAIT.toSeconds() + " s");
            }
            // The broker registers only with the name servers its client has already found reachable, which it checks
            // asynchronously: the registration at start often finds none, and the next one is 10 s later.
            broker.registerBrokerAll(true, false, true);
            Thread.sleep(50);
        }
    }

    private static boolean routable(TopicRouteData route) {
        return route != null && !route.getBrokerDatas().isEmpty()
                && route.getQueueDatas().stream().anyMatch(queues -> PermName.isWriteable(queues.getPerm()));
    }

    /** The broker goes first: it unregisters from the name server on the way out. */
    private void shutDown(BrokerController broker, NamesrvController nameServer) {
        if (broker != null) {
            broker.shutdown();
            stopRocksDbScheduler(broker);
        }
        if (nameServer != null) {
            nameServer.shutdown();
        }
        LocalResources.deleteTree(directory);
        deleteRocksDbLog();
    }

    /**
     * 5.5.0's message store opens a RocksDB whose housekeeping scheduler runs on a non-daemon thread that its shutdown
     * never stops: left alone, it keeps the JVM from exiting once main returns.
     */
    private static void stopRocksDbScheduler(BrokerController broker) {
        if (broker.getMessageStore() instanceof DefaultMessageStore store && store.getMessageRocksDBStorage() != null) {
            try {
                Field scheduler = MessageRocksDBStorage.class.getDeclaredField("scheduler");
                scheduler.setAccessible(true);
                ((ExecutorService) scheduler.get(store.getMessageRocksDBStorage())).shutdownNow();
            } catch (ReflectiveOperationException | RuntimeException e) {
                LoggerFactory.getLogger(EmbeddedRocketMq.class).warn("Could not stop RocketMQ's RocksDB scheduler", e);
            }
        }
    }

    /**
     * 5.5's message store always opens a RocksDB, whose info log goes to ~/logs/rocketmqlogs under a name made from the
     * store path: one new 60 kB file per start, with nothing to turn it off. RocketMQ's own logs there roll by themselves.
     */
    private void deleteRocksDbLog() {
        Path logs = Path.of(System.getProperty("user.home"), "logs", "rocketmqlogs");
        String ours = directory.getFileName().toString();
        try (var files = Files.list(logs)) {
            files.filter(file -> file.getFileName().toString().contains(ours)).forEach(file -> file.toFile().delete());
        } catch (IOException _) {
            // No such directory: nothing to delete.
        }
    }
}
