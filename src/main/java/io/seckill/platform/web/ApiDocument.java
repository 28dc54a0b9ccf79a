package io.seckill.platform.web;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.method.HandlerMethod;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;

/**
 * The OpenAPI document's own words (springdoc generates the rest from the controllers): what the API is,
 * the problem+json shape, the session token, and for each operation the problem codes it answers, from its
 * {@link Problems} annotation, what it takes ({@link ImpliedProblems}) and the codes every operation of its
 * kind may answer. Each status lists
 * its codes as named examples, so a client can see which {@code code} values to expect where.
 */
@Component
class ApiDocument implements OpenApiCustomizer, OperationCustomizer {

    static final String PROBLEM_SCHEMA = "Problem";
    static final String SESSION_SCHEME = "session";

    /** Any operation: a backing service that is away (503 BUSY), a bug (500). */
    private static final Set<ProblemCode> ANY = EnumSet.of(ProblemCode.BUSY, ProblemCode.INTERNAL_ERROR);
    /** Any operation that reads a JSON body. */
    private static final Set<ProblemCode> WITH_BODY = EnumSet.of(ProblemCode.VALIDATION_FAILED,
            ProblemCode.MALFORMED_REQUEST, ProblemCode.UNSUPPORTED_MEDIA_TYPE, ProblemCode.PAYLOAD_TOO_LARGE);

    @Override
    public void customise(OpenAPI document) {
        document.info(new Info().title("Seckill API").version("1")
                .description("""
                        The HTTP interface of Seckill, a flash-sale platform: sessions, the catalogue, the three \
                        steps of buying (captcha, promo token, order), orders, and the admin's sales. Every error \
                        is application/problem+json with a machine `code` that never changes meaning; each \
                        operation lists the codes it answers. A human-readable guide with the buying flow is \
                        docs/api.md in the repository."""));
        // relative: the document is the same whichever node or proxy served it
        document.servers(List.of(new Server().url("/")));
        var components = document.getComponents() == null ? new Components() : document.getComponents();
        document.components(components.addSchemas(PROBLEM_SCHEMA, problemSchema())
                .addSecuritySchemes(SESSION_SCHEME, new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")
                        .description("The token of POST /api/sessions, as `Authorization: Bearer <token>`")));
    }

    private final List<ImpliedProblems> implied;

    ApiDocument(List<ImpliedProblems> implied) {
        this.implied = implied;
    }

    @Override
    public Operation customize(Operation operation, HandlerMethod handler) {
        var codes = EnumSet.copyOf(ANY);
        var declared = handler.getMethodAnnotation(Problems.class);
        if (declared != null) {
            codes.addAll(Arrays.asList(declared.value()));
        }
        implied.forEach(source -> codes.addAll(source.of(handler)));
        if (operation.getRequestBody() != null) {
            codes.addAll(WITH_BODY);
        }
        if (codes.contains(ProblemCode.UNAUTHENTICATED)) {
            operation.addSecurityItem(new SecurityRequirement().addList(SESSION_SCHEME));
        }
        Map<Integer, Set<ProblemCode>> byStatus = codes.stream().collect(Collectors.groupingBy(
                code -> code.status().value(), TreeMap::new,
                Collectors.toCollection(() -> EnumSet.noneOf(ProblemCode.class))));
        byStatus.forEach((status, ofStatus) -> operation.getResponses().addApiResponse(String.valueOf(status),
                problemResponse(ofStatus)));
        return operation;
    }

    private static ApiResponse problemResponse(Set<ProblemCode> codes) {
        var media = new io.swagger.v3.oas.models.media.MediaType()
                .schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM_SCHEMA));
        codes.forEach(code -> media.addExamples(code.name(), new Example().summary(code.title()).value(example(code))));
        var description = codes.stream().map(code -> code.name() + " (" + code.title() + ")")
                .collect(Collectors.joining(", "));
        return new ApiResponse().description(description)
                .content(new Content().addMediaType(MediaType.APPLICATION_PROBLEM_JSON_VALUE, media));
    }

    /** The fields every problem of the code has, in the order the answers write them. */
    private static Map<String, Object> example(ProblemCode code) {
        var example = new LinkedHashMap<String, Object>();
        example.put("type", code.typeUri());
        example.put("title", code.title());
        example.put("status", code.status().value());
        example.put("code", code.name());
        return example;
    }

    private static Schema<?> problemSchema() {
        var code = new StringSchema();
        code.setEnum(Arrays.stream(ProblemCode.values()).map(ProblemCode::name).toList());
        code.description("The machine code; never changes meaning");
        var fieldProblem = new ObjectSchema().addProperty("field", new StringSchema().description("the JSON property"))
                .addProperty("message", new StringSchema());
        return new ObjectSchema().description("RFC 9457 problem details with a machine code")
                .addProperty("type", new StringSchema().description("/problems/<code>, relative"))
                .addProperty("title", new StringSchema())
                .addProperty("status", new IntegerSchema())
                .addProperty("detail", new StringSchema().description("for people; may change"))
                .addProperty("instance", new StringSchema())
                .addProperty("code", code)
                .addProperty("errors", new ArraySchema().items(fieldProblem).description("VALIDATION_FAILED only"))
                .addProperty("requestId", new StringSchema().description("the request's id (X-Request-Id, logs)"))
                .addProperty("orderId", new IntegerSchema().format("int64").description("ALREADY_PURCHASED only"))
                .required(List.of("type", "title", "status", "code"));
    }
}
