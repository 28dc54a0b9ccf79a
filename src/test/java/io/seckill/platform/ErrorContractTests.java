package io.seckill.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;

import org.junit.jupiter.api.Test;

import io.seckill.support.Api;
import io.seckill.support.IntegrationTest;

/** Every error is problem+json with a stable machine code, and nothing of the server's insides. */
class ErrorContractTests extends IntegrationTest {

    @Test
    void unknownPathsAreNotFoundWithOrWithoutASession() {
        var buyer = shop.buyer();
        for (var token : new String[] {null, buyer.session()}) {
            for (var path : new String[] {"/api/nope", "/api/admin/nope", "/nope", "/api/orders/1/whatever"}) {
                var answer = api.get(path, token);
                assertThat(answer.status()).as(path).isEqualTo(404);
                assertProblem(answer, "NOT_FOUND");
                assertThat(answer.json().get("title").asString()).isEqualTo("Not found");
            }
        }
    }

    @Test
    void aPathTheContainerRefusesGetsTheSameProblemShapeWithItsOwnTitle() {
        var answer = api.get("/api/items/%00", null);
        assertThat(answer.status()).isEqualTo(400);
        assertProblem(answer, "MALFORMED_REQUEST");
        assertThat(answer.json().get("title").asString()).isEqualTo("Malformed request");
        assertThat(answer.json().get("type").asString()).isEqualTo("/problems/malformed-request");
    }

    @Test
    void aBodyOverSixteenKibibytesIsTooLarge() {
        var huge = "{\"username\":\"" + "a".repeat(17 * 1024) + "\",\"password\":\"password-1\"}";
        var answer = api.post("/api/users", null, huge);
        assertThat(answer.status()).isEqualTo(413);
        assertProblem(answer, "PAYLOAD_TOO_LARGE");
    }

    @Test
    void malformedAndMistypedBodiesAreToldApart() {
        assertProblem(api.post("/api/sessions", null, "not json"), "MALFORMED_REQUEST");
        assertProblem(api.post("/api/sessions", null, ""), "MALFORMED_REQUEST");
        assertProblem(api.post("/api/sessions", null, "{\"username\": {\"a\": 1}, \"password\": \"x\"}"),
                "VALIDATION_FAILED");
        var unknownField = api.post("/api/sessions", null, "{\"username\":\"a\",\"password\":\"b\",\"admin\":true}");
        assertProblem(unknownField, "VALIDATION_FAILED");
        assertThat(unknownField.json().get("errors").get(0).get("field").asString()).isEqualTo("admin");
        var buyer = shop.buyer();
        var hugeNumber = api.post("/api/orders", buyer.session(),
                "{\"promoId\": 1, \"quantity\": 99999999999999999999, \"token\": \"t\"}");
        assertProblem(hugeNumber, "VALIDATION_FAILED");
        var stringForNumber = api.post("/api/orders", buyer.session(), "{\"promoId\": \"1\", \"quantity\": 1, \"token\": \"t\"}");
        assertProblem(stringForNumber, "VALIDATION_FAILED");
        assertThat(stringForNumber.json().get("errors").get(0).get("field").asString()).isEqualTo("promoId");
    }

    @Test
    void aWrongMethodOrMediaTypeIsAProblemToo() {
        var method = api.delete("/api/items", null);
        assertThat(method.status()).isEqualTo(405);
        assertThat(method.header("Content-Type")).startsWith("application/problem+json");
        var text = api.send(api.request("/api/users", null).header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("hello")));
        assertThat(text.status()).isEqualTo(415);
        assertThat(text.body()).doesNotContain("Exception");
    }

    @Test
    void healthIsUpAndMetricsAreExposed() {
        var health = api.get("/actuator/health", null);
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.json().get("status").asString()).isEqualTo("UP");
        assertThat(health.json().has("components")).as("details only for admins").isFalse();
        var forAdmin = api.get("/actuator/health", shop.admin()).json();
        assertThat(forAdmin.get("components").get("db").get("status").asString()).isEqualTo("UP");
        assertThat(forAdmin.get("components").get("redis").get("status").asString()).isEqualTo("UP");
        assertThat(forAdmin.get("components").get("rocketmq").get("status").asString()).isEqualTo("UP");
        assertThat(api.get("/actuator/health", shop.buyer().session()).json().has("components")).isFalse();
        var metrics = api.get("/actuator/prometheus", null);
        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.body()).contains("http_server_requests_seconds_bucket", "seckill_orders_placed_total");
    }

    private static void assertProblem(Api.Response answer, String code) {
        assertThat(answer.header("Content-Type")).as(answer.toString()).startsWith("application/problem+json");
        var json = answer.json();
        assertThat(json.get("code").asString()).as(answer.toString()).isEqualTo(code);
        assertThat(json.get("status").asInt()).isEqualTo(answer.status());
        for (var field : new String[] {"type", "title", "detail"}) {
            assertThat(json.has(field)).as(field).isTrue();
        }
        assertThat(answer.body()).doesNotContain("Exception", "at io.", "at org.", "SQL", "tools.jackson");
    }
}
