package io.seckill.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

/** Sessions live in Redis: any node serves any buyer, and a logout ends the session on all of them at once. */
@ClusterTest
class SharedSessionClusterTests {

    private final Cluster cluster = Cluster.get();

    @Test
    void aSessionOpenedOnNodeOneWorksOnNodeTwoAndDiesEverywhereAtLogout() {
        var name = "s" + ClusterShop.unique();
        var credentials = Map.of("username", name, "password", "cluster-pass-1");
        assertThat(cluster.edge().post("/api/users", null, credentials).status()).isEqualTo(201);
        var login = cluster.node(1).post("/api/sessions", null, credentials);
        assertThat(login.status()).as(login.toString()).isEqualTo(201);
        var token = login.json().get("token").asString();

        for (int node = 1; node <= cluster.nodeCount(); node++) {
            var me = cluster.node(node).get("/api/users/me", token);
            assertThat(me.status()).as("node " + node + ": " + me).isEqualTo(200);
            assertThat(me.json().get("username").asString()).isEqualTo(name);
        }
        assertThat(cluster.edge().get("/api/users/me", token).status()).isEqualTo(200);

        var logout = cluster.node(2).delete("/api/sessions/current", token);
        assertThat(logout.status()).as(logout.toString()).isEqualTo(204);

        for (int node = 1; node <= cluster.nodeCount(); node++) {
            var me = cluster.node(node).get("/api/users/me", token);
            assertThat(me.status()).as("node " + node + " after logout: " + me).isEqualTo(401);
            assertThat(me.code()).isEqualTo("UNAUTHENTICATED");
        }
        assertThat(cluster.edge().get("/api/users/me", token).status()).isEqualTo(401);
    }

    @Test
    void loggingOutOneSessionLeavesTheUsersOtherSessionAliveOnEveryNode() {
        var name = "s" + ClusterShop.unique();
        var credentials = Map.of("username", name, "password", "cluster-pass-2");
        assertThat(cluster.edge().post("/api/users", null, credentials).status()).isEqualTo(201);
        var first = cluster.node(1).post("/api/sessions", null, credentials).json().get("token").asString();
        var second = cluster.node(2).post("/api/sessions", null, credentials).json().get("token").asString();

        assertThat(cluster.node(1).delete("/api/sessions/current", first).status()).isEqualTo(204);

        for (int node = 1; node <= cluster.nodeCount(); node++) {
            assertThat(cluster.node(node).get("/api/users/me", first).status()).isEqualTo(401);
            assertThat(cluster.node(node).get("/api/users/me", second).status()).isEqualTo(200);
        }
    }
}
