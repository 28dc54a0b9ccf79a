package io.seckill.platform.web;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/** Every API response carries the server clock, so countdowns never trust the browser's clock. */
@Component
class ServerTime extends OncePerRequestFilter {

    static final String HEADER = "X-Server-Time";

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        response.setHeader(HEADER, Long.toString(System.currentTimeMillis()));
        chain.doFilter(request, response);
    }
}
