package io.seckill.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPatternParser;

import io.seckill.support.IntegrationTest;
import io.seckill.support.ProblemAnswers;
import io.seckill.support.Shop;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The OpenAPI document (/v3/api-docs, generated from the controllers) says what the API really does:
 * every problem code with its status, each operation with the codes it answers, and no answer of the
 * running application that the document does not list.
 */
class ApiDocumentTests extends IntegrationTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private JsonNode document;

    @BeforeEach
    void readTheDocument() {
        var answer = api.get("/v3/api-docs", null);
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        document = answer.json();
    }

    @Test
    void theCopyInDocsIsTheDocumentTheApplicationServes() throws IOException {
        var generated = Path.of("target/openapi.json");
        Files.writeString(generated, document.toPrettyString() + "\n");
        var committed = Path.of("docs/openapi.json");
        boolean same = Files.exists(committed) && JSON.readTree(committed.toFile()).equals(document);
        assertThat(same).as("docs/openapi.json is the served document (if not: copy %s over it)", generated).isTrue();
    }

    @Test
    void theDocumentIsOpenApi31AndDescribesEveryEndpointOfTheContract() {
        assertThat(document.get("openapi").asString()).startsWith("3.1");
        assertThat(operations()).contains("POST /api/users", "POST /api/sessions", "DELETE /api/sessions/current",
                "GET /api/users/me", "GET /api/items", "GET /api/items/{id}", "GET /api/promos/{promoId}/captcha",
                "POST /api/promos/{promoId}/tokens", "POST /api/orders", "GET /api/orders", "GET /api/orders/{id}",
                "POST /api/orders/{id}/payment", "POST /api/orders/{id}/cancellation", "POST /api/admin/items",
                "POST /api/admin/promos", "GET /api/admin/promos", "POST /api/admin/promos/{id}/publish",
                "GET /api/admin/promos/{id}/stats", "GET /api/admin/consistency");
    }

    @Test
    void theBrowsableDocumentIsServedOutsideProduction() {
        var page = api.get("/swagger-ui/index.html", null);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("swagger-ui");
    }

    @Test
    void everyProblemCodeIsDocumentedUnderItsOwnStatus() {
        var schemaCodes = new HashSet<String>();
        document.at("/components/schemas/Problem/properties/code/enum").forEach(code -> schemaCodes.add(code.asString()));
        assertThat(schemaCodes).containsExactlyInAnyOrderElementsOf(Arrays.stream(ProblemCode.values()).map(Enum::name).toList());

        var documented = new HashSet<String>();
        forEachDocumentedProblem((operation, status, code) -> {
            assertThat(status).as(operation + " lists " + code).isEqualTo(ProblemCode.valueOf(code).status().value());
            documented.add(code);
        });
        assertThat(documented).as("codes some operation answers").containsAll(Arrays.stream(ProblemCode.values())
                .map(Enum::name).filter(code -> !Set.of("METHOD_NOT_ALLOWED", "NOT_ACCEPTABLE").contains(code)).toList());
    }

    @Test
    void theSessionTokenIsTheBearerSchemeNotAQueryParameter() {
        var me = document.at("/paths/~1api~1users~1me/get");
        assertThat(me.get("security").toString()).contains("session");
        assertThat(me.path("parameters").isEmpty() || me.get("parameters").isMissingNode()).isTrue();
        assertThat(document.at("/paths/~1api~1items/get").has("security")).isFalse();
    }

    @Test
    void theAnswersOfTheRunningApplicationAreTheOnesItsDocumentPromises() {
        // a few answers of each kind, provoked here; the suite's other tests add theirs when they ran before
        var buyer = shop.buyer();
        var sale = shop.openSale(1);
        api.get("/api/users/me", null);
        api.post("/api/users", null, Map.of("username", buyer.username(), "password", "correct horse"));
        api.post("/api/users", null, "{not json");
        api.post("/api/sessions", null, Map.of("username", buyer.username(), "password", "wrong password"));
        api.get("/api/items/999999999", null);
        api.post("/api/admin/items", buyer.session(), Map.of("title", "x"));
        api.post("/api/promos/" + sale.promoId() + "/tokens", buyer.session(), Map.of("captcha", "wrong"));
        api.post("/api/orders", buyer.session(), Map.of("promoId", sale.promoId(), "quantity", 1, "token", "forged"));
        api.post("/api/orders/999999999/payment", buyer.session(), Map.of());
        api.get("/api/admin/promos/999999999/stats", shop.admin());

        var undocumented = new ArrayList<String>();
        for (var answer : ProblemAnswers.seen()) {
            operationOf(answer.method(), answer.path()).ifPresent(operation -> {
                var examples = document.at("/paths/" + pointer(operation.path()) + "/" + operation.method()
                        + "/responses/" + answer.status() + "/content/application~1problem+json/examples");
                if (!examples.has(answer.code())) {
                    undocumented.add(answer.method() + " " + operation.path() + " answered " + answer.status() + " "
                            + answer.code());
                }
            });
        }
        assertThat(ProblemAnswers.seen()).hasSizeGreaterThanOrEqualTo(9);
        assertThat(undocumented).as("answers the document does not list").isEmpty();
    }

    private record Operation(String method, String path) {
    }

    private interface ProblemVisitor {
        void visit(String operation, int status, String code);
    }

    private List<String> operations() {
        var operations = new ArrayList<String>();
        document.get("paths").properties().forEach(path -> path.getValue().properties()
                .forEach(method -> operations.add(method.getKey().toUpperCase() + " " + path.getKey())));
        return operations;
    }

    private void forEachDocumentedProblem(ProblemVisitor visitor) {
        document.get("paths").properties().forEach(path -> path.getValue().properties().forEach(method ->
                method.getValue().path("responses").properties().forEach(response -> {
                    var examples = response.getValue().at("/content/application~1problem+json/examples");
                    examples.propertyNames().forEach(code -> visitor.visit(method.getKey() + " " + path.getKey(),
                            Integer.parseInt(response.getKey()), code));
                })));
    }

    /** The documented operation a request went to, by the path templates of the document. */
    private Optional<Operation> operationOf(String method, String path) {
        var container = PathContainer.parsePath(path);
        return document.get("paths").properties().stream()
                .filter(entry -> PathPatternParser.defaultInstance.parse(entry.getKey()).matches(container))
                .filter(entry -> entry.getValue().has(method.toLowerCase()))
                // a literal path wins over a template (/api/orders over /api/orders/{id} never collide, but be sure)
                .sorted((a, b) -> Boolean.compare(a.getKey().contains("{"), b.getKey().contains("{")))
                .map(entry -> new Operation(method.toLowerCase(), entry.getKey()))
                .findFirst();
    }

    private static String pointer(String path) {
        return path.replace("~", "~0").replace("/", "~1");
    }
}
