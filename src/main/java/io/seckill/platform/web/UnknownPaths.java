package io.seckill.platform.web;

import java.util.Map;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.HttpRequestHandler;
import org.springframework.web.servlet.handler.SimpleUrlHandlerMapping;

import tools.jackson.databind.json.JsonMapper;

/**
 * The last handler mapping: a path that no controller and no asset handler claims is answered 404
 * NOT_FOUND here, as a plain result. Spring Boot's default {@code /**} resource mapping (switched off in
 * application.yml) searched every jar of the class path for such a path and then threw an exception
 * with a stack trace: an unknown URL cost 25 times an item read, so bogus paths could take a node down.
 */
@Configuration(proxyBeanMethods = false)
class UnknownPaths {

    private static final Rejection NO_SUCH_RESOURCE = Rejection.of(ProblemCode.NOT_FOUND, "No such resource");

    @Bean
    SimpleUrlHandlerMapping unknownPathMapping(JsonMapper json) {
        HttpRequestHandler notFound = (request, response) -> ApiErrors.write(NO_SUCH_RESOURCE, request, response, json);
        // After the asset handlers (LOWEST_PRECEDENCE - 1): they serve what exists under their prefixes.
        return new SimpleUrlHandlerMapping(Map.of("/**", notFound), Ordered.LOWEST_PRECEDENCE);
    }
}
