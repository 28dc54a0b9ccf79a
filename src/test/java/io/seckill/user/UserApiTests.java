package io.seckill.user;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.seckill.support.IntegrationTest;
import io.seckill.support.Shop;

class UserApiTests extends IntegrationTest {

    @Test
    void aNewUserRegistersLogsInSeesThemselvesAndLogsOut() {
        var name = "alice" + Shop.unique();
        var registered = api.post("/api/users", null, Map.of("username", name, "password", "correct horse"));
        assertThat(registered.status()).isEqualTo(201);
        assertThat(registered.json().get("username").asString()).isEqualTo(name);
        long id = registered.json().get("id").asLong();

        var login = api.post("/api/sessions", null, Map.of("username", name, "password", "correct horse"));
        assertThat(login.status()).isEqualTo(201);
        assertThat(login.json().get("user").get("id").asLong()).isEqualTo(id);
        assertThat(login.json().get("user").get("admin").asBoolean()).isFalse();
        assertThat(login.json().get("expiresAt").asString()).endsWith("Z");
        var token = login.json().get("token").asString();
        assertThat(token.length()).as("at least 128 random bits").isGreaterThanOrEqualTo(22);

        var me = api.get("/api/users/me", token);
        assertThat(me.status()).isEqualTo(200);
        assertThat(me.json().get("username").asString()).isEqualTo(name);

        assertThat(api.delete("/api/sessions/current", token).status()).isEqualTo(204);
        var afterLogout = api.get("/api/users/me", token);
        assertThat(afterLogout.status()).isEqualTo(401);
        assertThat(afterLogout.code()).isEqualTo("UNAUTHENTICATED");
    }

    @Test
    void loggingOutEndsOnlyThatSession() {
        var name = "bob" + Shop.unique();
        api.post("/api/users", null, Map.of("username", name, "password", "password-1"));
        var first = api.post("/api/sessions", null, Map.of("username", name, "password", "password-1")).json().get("token").asString();
        var second = api.post("/api/sessions", null, Map.of("username", name, "password", "password-1")).json().get("token").asString();

        api.delete("/api/sessions/current", first);

        assertThat(api.get("/api/users/me", first).status()).isEqualTo(401);
        assertThat(api.get("/api/users/me", second).status()).isEqualTo(200);
    }

    @Test
    void aTakenUsernameIsRefused() {
        var name = "carol" + Shop.unique();
        api.post("/api/users", null, Map.of("username", name, "password", "password-1"));
        var again = api.post("/api/users", null, Map.of("username", name, "password", "password-2"));
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.code()).isEqualTo("USERNAME_TAKEN");
    }

    @Test
    void badRegistrationsNameTheFieldAtFault() {
        var shortName = api.post("/api/users", null, Map.of("username", "ab", "password", "password-1"));
        assertThat(shortName.status()).isEqualTo(400);
        assertThat(shortName.code()).isEqualTo("VALIDATION_FAILED");
        assertThat(shortName.json().get("errors").get(0).get("field").asString()).isEqualTo("username");

        var badChars = api.post("/api/users", null, Map.of("username", "no spaces!", "password", "password-1"));
        assertThat(badChars.code()).isEqualTo("VALIDATION_FAILED");

        var shortPassword = api.post("/api/users", null, Map.of("username", "dave" + Shop.unique(), "password", "short"));
        assertThat(shortPassword.code()).isEqualTo("VALIDATION_FAILED");
        assertThat(shortPassword.json().get("errors").get(0).get("field").asString()).isEqualTo("password");

        var wrongType = api.post("/api/users", null, "{\"username\": 42, \"password\": \"password-1\"}");
        assertThat(wrongType.code()).isEqualTo("VALIDATION_FAILED");
        assertThat(wrongType.json().get("errors").get(0).get("field").asString()).isEqualTo("username");

        var notJson = api.post("/api/users", null, "{\"username\": ");
        assertThat(notJson.status()).isEqualTo(400);
        assertThat(notJson.code()).isEqualTo("MALFORMED_REQUEST");
    }

    @Test
    void aWrongPasswordAndAnUnknownUserGetTheSameAnswer() {
        var name = "erin" + Shop.unique();
        api.post("/api/users", null, Map.of("username", name, "password", "password-1"));

        var wrongPassword = api.post("/api/sessions", null, Map.of("username", name, "password", "password-2"));
        var unknownUser = api.post("/api/sessions", null, Map.of("username", "nobody" + Shop.unique(), "password", "password-1"));

        assertThat(wrongPassword.status()).isEqualTo(401);
        assertThat(wrongPassword.code()).isEqualTo("BAD_CREDENTIALS");
        assertThat(unknownUser.status()).isEqualTo(401);
        assertThat(unknownUser.json().get("detail")).isEqualTo(wrongPassword.json().get("detail"));
    }

    @Test
    void passwordsAreStoredOnlyAsSaltedSlowHashes() {
        var first = "frank" + Shop.unique();
        var second = "grace" + Shop.unique();
        api.post("/api/users", null, Map.of("username", first, "password", "same password"));
        api.post("/api/users", null, Map.of("username", second, "password", "same password"));

        var hashes = jdbc.sql("SELECT password_hash FROM users WHERE username IN (?, ?)").params(first, second)
                .query(String.class).list();

        assertThat(hashes).hasSize(2).allSatisfy(hash -> {
            assertThat(hash).startsWith("$2a$10$").doesNotContain("same password");
        });
        assertThat(hashes.get(0)).as("a salt of its own per user").isNotEqualTo(hashes.get(1));
    }

    @Test
    void aGuessedOrMissingSessionTokenOpensNothing() {
        assertThat(api.get("/api/users/me", null).code()).isEqualTo("UNAUTHENTICATED");
        assertThat(api.get("/api/users/me", "1").code()).isEqualTo("UNAUTHENTICATED");
        assertThat(api.get("/api/users/me", "admin").code()).isEqualTo("UNAUTHENTICATED");
    }
}
