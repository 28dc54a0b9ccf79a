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

        await().atMost(WITHIN_A_SECOND).pollInterval(Duration.ofMillis(20)).until(() -> everyNodeRefuses(token));
        assertThat(cluster.edge().get("/api/users/me", token).status()).isEqualTo(401);
    }

    @Test
    void aSessionThatExpiresIsRefusedOnEveryNodeWithinASecondThoughEveryNodeRememberedIt() {
        var name = "e" + ClusterShop.unique();
        var token = registerAndLogIn(name, "cluster-pass-3");
        everyNodeAccepts(token, name);

        cluster.expireSession(token);

        await().atMost(WITHIN_A_SECOND).pollInterval(Duration.ofMillis(20)).until(() -> everyNodeRefuses(token));
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

        await().atMost(WITHIN_A_SECOND).pollInterval(Duration.ofMillis(20)).until(() -> everyNodeRefuses(first));
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

    private boolean everyNodeRefuses(String token) {
        for (int node = 1; node <= cluster.nodeCount(); node++) {
            var me = cluster.node(node).get("/api/users/me", token);
            if (me.status() != 401 || !"UNAUTHENTICATED".equals(me.code())) {
                return false;
            }
        }
        return true;
    }
}
