package io.seckill.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * Sessions live in Redis: any node serves any buyer. Each node remembers a session it has read for up to a
 * second, so a logout or an expiry must reach every node within that second.
 */
@ClusterTest
class SharedSessionClusterTests {

    private static final Duration WITHIN_A_SECOND = Duration.ofSeconds(1);

    private final Cluster cluster = Cluster.get();

    @Test
    void aSessionOpenedOnNodeOneWorksOnNodeTwoAndALogoutIsRefusedEverywhereWithinASecond() {
        var name = "s" + ClusterShop.unique();
        var token = registerAndLogIn(name, "cluster-pass-1");

        everyNodeAccepts(token, name);
        assertThat(cluster.edge().get("/api/users/me", token).status()).isEqualTo(200);

        var logout = cluster.node(2).delete("/api/sessions/current", token);
        assertThat(logout.status()).as(logout.toString()).isEqualTo(204);

        refusedEverywhereWithinASecondOf(System.nanoTime(), token);
        assertThat(cluster.edge().get("/api/users/me", token).status()).isEqualTo(401);
    }

    @Test
    void aSessionThatExpiresIsRefusedOnEveryNodeWithinASecondThoughEveryNodeRememberedIt() {
        var name = "e" + ClusterShop.unique();
        var token = registerAndLogIn(name, "cluster-pass-3");
        everyNodeAccepts(token, name);

        cluster.expireSession(token);

        refusedEverywhereWithinASecondOf(System.nanoTime(), token);
    }

    @Test
    void loggingOutOneSessionLeavesTheUsersOtherSessionAliveOnEveryNode() {
        var name = "s" + ClusterShop.unique();
        var credentials = Map.of("username", name, "password", "cluster-pass-2");
        assertThat(cluster.edge().post("/api/users", null, credentials).status()).isEqualTo(201);
        var first = cluster.node(1).post("/api/sessions", null, credentials).json().get("token").asString();
        var second = cluster.node(2).post("/api/sessions", null, credentials).json().get("token").asString();
        everyNodeAccepts(first, name);

        assertThat(cluster.node(1).delete("/api/sessions/current", first).status()).isEqualTo(204);

        refusedEverywhereWithinASecondOf(System.nanoTime(), first);
        everyNodeAccepts(second, name);
    }

    private String registerAndLogIn(String name, String password) {
        var credentials = Map.of("username", name, "password", password);
        assertThat(cluster.edge().post("/api/users", null, credentials).status()).isEqualTo(201);
        var login = cluster.node(1).post("/api/sessions", null, credentials);
        assertThat(login.status()).as(login.toString()).isEqualTo(201);
        return login.json().get("token").asString();
    }

    private void everyNodeAccepts(String token, String name) {
        for (int node = 1; node <= cluster.nodeCount(); node++) {
            var me = cluster.node(node).get("/api/users/me", token);
            assertThat(me.status()).as("node " + node + ": " + me).isEqualTo(200);
            assertThat(me.json().get("username").asString()).isEqualTo(name);
        }
    }

    /**
     * Asks every node until all refuse the session, holding each answer to the contract: a request sent a
     * second or more after the session ended is refused. (A limit on the whole wait would also count the
     * requests' own time, which on a loaded machine can itself pass a second.)
     */
    private void refusedEverywhereWithinASecondOf(long endedNanos, String token) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20)).until(() -> {
            boolean everyNode = true;
            for (int node = 1; node <= cluster.nodeCount(); node++) {
                long sent = System.nanoTime();
                var me = cluster.node(node).get("/api/users/me", token);
                boolean refused = me.status() == 401 && "UNAUTHENTICATED".equals(me.code());
                if (!refused && sent - endedNanos >= WITHIN_A_SECOND.toNanos()) {
                    throw new AssertionError("node " + node + " still served the session "
                            + Duration.ofNanos(sent - endedNanos).toMillis() + " ms after it ended: " + me);
                }
                everyNode &= refused;
            }
            return everyNode;
        });
    }
}
