package io.seckill.platform.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lettuce.core.RedisClient;
import io.lettuce.core.ScriptOutputType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.producer.LocalTransactionState;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.client.producer.TransactionListener;
import org.apache.rocketmq.client.producer.TransactionMQProducer;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;

/** Starts the real engines through the initializer, as the app does, with bare contexts that hold no beans. */
class EmbeddedEnginesTests {

    private static final String TOPIC = "seckill-embedded-test";

    @Test
    void startsRealEnginesSharesThemAcrossContextsAndStopsThemWithTheLastContext() throws Exception {
        // Other test classes in this JVM may hold the engines through cached contexts; then they must outlive ours.
        boolean oursAlone = SharedEngines.leases() == 0;
        Map<String, Object> settings = Map.of(
                "seckill.embedded.topics", "seckill-embedded-other, " + TOPIC,
                "seckill.embedded.rocketmq.transaction-check-interval", "1s",
                "seckill.embedded.rocketmq.transaction-timeout", "1s");
        var first = context(settings);
        var second = context(settings);
        List<ProcessHandle> children;
        List<Path> directories;
        Map<String, Object> addresses;
        try {
            addresses = addresses(first);
            assertThat(addresses).containsOnlyKeys("spring.datasource.url", "spring.datasource.username",
                    "spring.datasource.password", "spring.data.redis.host", "spring.data.redis.port",
                    "seckill.rocketmq.name-server");
            assertThat(addresses(second)).isEqualTo(addresses);

            children = engineProcesses();
            assertThat(children).extracting(EmbeddedEnginesTests::command)
                    .anyMatch(command -> command.endsWith("/mariadbd"))
                    .anyMatch(command -> command.contains("redis-server"));
            directories = SharedEngines.directories();
            assertThat(directories).hasSize(3).allMatch(Files::isDirectory);

            assertMariaDbAnswers(addresses);
            assertRedisAnswers(addresses);
            assertTransactionalMessagesArrive((String) addresses.get("seckill.rocketmq.name-server"));
            report(children);

            first.close();
            assertMariaDbAnswers(addresses);
        } finally {
            first.close();
            second.close();
        }

        if (oursAlone) {
            assertThat(children).noneMatch(ProcessHandle::isAlive);
            assertThat(engineProcesses()).isEmpty();
            assertThat(directories).noneMatch(Files::exists);
            assertThat(SharedEngines.directories()).isEmpty();
        } else {
            assertThat(children).allMatch(ProcessHandle::isAlive);
            assertMariaDbAnswers(addresses);
        }
    }

    @Test
    void leavesExternallyConfiguredEnginesAlone() {
        List<Path> running = SharedEngines.directories();
        try (var context = context(Map.of(
                "spring.datasource.url", "jdbc:mariadb://db.example:3306/seckill",
                "spring.data.redis.url", "redis://cache.example:6379",
                "seckill.rocketmq.name-server", "mq.example:9876"))) {
            assertThat(context.getEnvironment().getPropertySources().contains(EmbeddedEngines.PROPERTY_SOURCE_NAME)).isFalse();
            assertThat(SharedEngines.directories()).isEqualTo(running);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"spring.data.redis.sentinel.nodes", "spring.data.redis.cluster.nodes"})
    void leavesARedisReachedThroughSentinelsOrAsAClusterAlone(String redisSetting) {
        List<Path> running = SharedEngines.directories();
        try (var context = context(Map.of(
                "spring.datasource.url", "jdbc:mariadb://db.example:3306/seckill",
                redisSetting, "cache1.example:26379,cache2.example:26379",
                "seckill.rocketmq.name-server", "mq.example:9876"))) {
            assertThat(context.getEnvironment().getPropertySources().contains(EmbeddedEngines.PROPERTY_SOURCE_NAME)).isFalse();
            assertThat(SharedEngines.directories()).isEqualTo(running);
        }
    }

    @Test
    void startsNothingWhenDisabled() {
        List<Path> running = SharedEngines.directories();
        try (var context = context(Map.of("seckill.embedded.enabled", "false"))) {
            assertThat(context.getEnvironment().getPropertySources().contains(EmbeddedEngines.PROPERTY_SOURCE_NAME)).isFalse();
            assertThat(SharedEngines.directories()).isEqualTo(running);
        }
    }

    /** A context that sees only the given settings: addresses set in this machine's environment must not leak in. */
    private static GenericApplicationContext context(Map<String, Object> settings) {
        var context = new GenericApplicationContext();
        MutablePropertySources sources = context.getEnvironment().getPropertySources();
        sources.remove(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
        sources.remove(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME);
        sources.addFirst(new MapPropertySource("test", settings));
        new EmbeddedEngines().initialize(context);
        context.refresh();
        return context;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> addresses(GenericApplicationContext context) {
        PropertySource<?> source = context.getEnvironment().getPropertySources().get(EmbeddedEngines.PROPERTY_SOURCE_NAME);
        assertThat(source).isNotNull();
        return (Map<String, Object>) source.getSource();
    }

    private static void assertMariaDbAnswers(Map<String, Object> addresses) throws Exception {
        try (var connection = DriverManager.getConnection((String) addresses.get("spring.datasource.url"),
                (String) addresses.get("spring.datasource.username"), (String) addresses.get("spring.datasource.password"));
             var statement = connection.createStatement();
             var result = statement.executeQuery("SELECT VERSION(), DATABASE()")) {
            assertThat(result.next()).isTrue();
            assertThat(result.getString(1)).contains("MariaDB");
            assertThat(result.getString(2)).isEqualTo("seckill");
        }
    }

    private static void assertRedisAnswers(Map<String, Object> addresses) {
        var client = RedisClient.create("redis://" + addresses.get("spring.data.redis.host") + ":" + addresses.get("spring.data.redis.port"));
        try (var connection = client.connect()) {
            var redis = connection.sync();
            assertThat(redis.ping()).isEqualTo("PONG");
            Long stock = redis.eval("return redis.call('INCRBY', KEYS[1], ARGV[1])", ScriptOutputType.INTEGER,
                    new String[] {"stock:1"}, "5");
            assertThat(stock).isEqualTo(5L);
        } finally {
            client.shutdown();
        }
    }

    /** One message committed right away, one left unknown so that only the broker's check-back commits it. */
    private static void assertTransactionalMessagesArrive(String nameServer) throws Exception {
        Set<String> received = ConcurrentHashMap.newKeySet();
        var consumer = new DefaultMQPushConsumer("seckill-embedded-test-consumer");
        consumer.setNamesrvAddr(nameServer);
        consumer.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
        consumer.subscribe(TOPIC, "*");
        consumer.registerMessageListener((MessageListenerConcurrently) (messages, _) -> {
            messages.forEach(message -> received.add(new String(message.getBody(), StandardCharsets.UTF_8)));
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
        var producer = new TransactionMQProducer("seckill-embedded-test-producer");
        producer.setNamesrvAddr(nameServer);
        producer.setTransactionListener(new TransactionListener() {
            @Override
            public LocalTransactionState executeLocalTransaction(Message message, Object argument) {
                return (LocalTransactionState) argument;
            }

            @Override
            public LocalTransactionState checkLocalTransaction(MessageExt message) {
                return LocalTransactionState.COMMIT_MESSAGE;
            }
        });
        consumer.start();
        producer.start();
        try {
            var committed = producer.sendMessageInTransaction(message("committed"), LocalTransactionState.COMMIT_MESSAGE);
            var checked = producer.sendMessageInTransaction(message("checked-back"), LocalTransactionState.UNKNOW);
            assertThat(committed.getSendStatus()).isEqualTo(SendStatus.SEND_OK);
            assertThat(checked.getSendStatus()).isEqualTo(SendStatus.SEND_OK);
            long sent = System.nanoTime();
            await().atMost(Duration.ofSeconds(30)).until(() -> received.contains("committed"));
            await().atMost(Duration.ofSeconds(30)).until(() -> received.contains("checked-back"));
            System.out.printf("check-back delivered %d ms after sending%n", (System.nanoTime() - sent) / 1_000_000);
        } finally {
            producer.shutdown();
            consumer.shutdown();
        }
    }

    private static Message message(String body) {
        return new Message(TOPIC, body.getBytes(StandardCharsets.UTF_8));
    }

    private static List<ProcessHandle> engineProcesses() {
        return ProcessHandle.current().descendants()
                .filter(process -> command(process).endsWith("/mariadbd") || command(process).contains("redis-server"))
                .toList();
    }

    private static String command(ProcessHandle process) {
        return process.info().command().orElse("");
    }

    /** Memory, for the record: the JVM's own (it holds the broker) and the two child processes'. */
    private static void report(List<ProcessHandle> children) throws Exception {
        if (!Files.exists(Path.of("/proc/self/status"))) {
            return;
        }
        System.out.println("test JVM " + rss(ProcessHandle.current().pid()));
        for (ProcessHandle child : children) {
            System.out.println(command(child) + " " + rss(child.pid()));
        }
    }

    private static String rss(long pid) throws Exception {
        return Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream()
                .filter(line -> line.startsWith("VmRSS") || line.startsWith("VmHWM"))
                .map(line -> line.replaceAll("\\s+", " "))
                .reduce((a, b) -> a + ", " + b).orElse("?");
    }
}
