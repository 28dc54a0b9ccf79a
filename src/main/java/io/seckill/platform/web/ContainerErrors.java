package io.seckill.platform.web;

import java.io.IOException;
import java.util.LinkedHashMap;

import org.apache.catalina.core.StandardHost;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.stereotype.Component;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Requests that Tomcat refuses before any servlet sees them (a NUL byte or ".." above the root in
 * the path) would get Tomcat's HTML error page; this swaps it for the same problem+json as the rest.
 */
@Component
class ContainerErrors implements WebServerFactoryCustomizer<TomcatServletWebServerFactory> {

    @Override
    public void customize(TomcatServletWebServerFactory factory) {
        factory.addContextCustomizers(context -> {
            if (context.getParent() instanceof StandardHost host) {
                host.setErrorReportValveClass(ProblemReportValve.class.getName());
            }
        });
    }

    /** Tomcat's last word on an error, as problem+json without any server detail. */
    public static class ProblemReportValve extends ErrorReportValve {

        // Tomcat creates the valve by its class name, outside the application context and its JsonMapper.
        private static final JsonMapper JSON = JsonMapper.builder().build();

        @Override
        protected void report(Request request, Response response, Throwable throwable) {
            int status = response.getStatus();
            if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
                return;
            }
            var code = status == 404 ? ProblemCode.NOT_FOUND
                    : status >= 500 ? ProblemCode.INTERNAL_ERROR : ProblemCode.MALFORMED_REQUEST;
            var body = new LinkedHashMap<String, Object>();
            body.put("type", code.typeUri());
            body.put("title", code.title());
            body.put("status", status);
            body.put("detail", status >= 500 ? "The server failed to answer; try again"
                    : status == 404 ? "No such resource" : "The request could not be understood");
            body.put("code", code.name());
            try {
                response.setContentType("application/problem+json");
                response.setCharacterEncoding("UTF-8");
                JSON.writeValue(response.getOutputStream(), body);
                response.finishResponse();
            } catch (IOException | IllegalStateException | JacksonException e) {
                // the client is gone; nothing left to tell it
            }
        }
    }
}
