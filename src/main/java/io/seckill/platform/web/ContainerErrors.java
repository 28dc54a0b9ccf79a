package io.seckill.platform.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import org.apache.catalina.core.StandardHost;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.stereotype.Component;

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

        @Override
        protected void report(Request request, Response response, Throwable throwable) {
            int status = response.getStatus();
            if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
                return;
            }
            var code = status == 404 ? "NOT_FOUND" : status >= 500 ? "INTERNAL_ERROR" : "MALFORMED_REQUEST";
            var body = "{\"type\":\"/problems/" + code.toLowerCase().replace('_', '-') + "\",\"title\":\"Bad request\","
                    + "\"status\":" + status + ",\"detail\":\"The request could not be understood\",\"code\":\"" + code + "\"}";
            try {
                response.setContentType("application/problem+json");
                response.setCharacterEncoding("UTF-8");
                response.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
                response.finishResponse();
            } catch (IOException | IllegalStateException e) {
                // the client is gone; nothing left to tell it
            }
        }
    }
}
