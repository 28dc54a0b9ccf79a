package io.seckill.platform.web;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Failures that never reach a controller (a URL the server itself refuses, an error in a filter) are
 * forwarded by the servlet container to /error; they get the same problem+json as everything else.
 */
@RestController
class FallbackErrors implements ErrorController {

    @RequestMapping("/error")
    ResponseEntity<Object> error(HttpServletRequest request) {
        var status = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE) instanceof Integer code ? code : 500;
        var problem = switch (status) {
            case 404 -> ProblemCode.NOT_FOUND;
            case 405 -> ProblemCode.METHOD_NOT_ALLOWED;
            case 413 -> ProblemCode.PAYLOAD_TOO_LARGE;
            case 415 -> ProblemCode.UNSUPPORTED_MEDIA_TYPE;
            default -> status >= 500 ? ProblemCode.INTERNAL_ERROR : ProblemCode.MALFORMED_REQUEST;
        };
        var detail = status >= 500 ? "The server failed to answer; try again" : "The request could not be understood";
        return ApiErrors.respond(Rejection.of(problem, detail));
    }
}
