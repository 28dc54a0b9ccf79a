package io.seckill.user.internal;

import java.io.IOException;
import java.security.Principal;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import io.seckill.user.CurrentUser;
import io.seckill.user.Sessions;

/**
 * Lets the actuator know an admin when it sees one: health details are shown "when authorized" with
 * role ADMIN, and this filter makes an admin's session token count as that role.
 */
@Component
class AdminActuatorAccess extends OncePerRequestFilter {

    static final String ADMIN_ROLE = "ADMIN";

    private final Sessions sessions;

    AdminActuatorAccess(Sessions sessions) {
        this.sessions = sessions;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.getRequestURI().startsWith("/actuator/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        var header = request.getHeader("Authorization");
        var token = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).trim() : null;
        var admin = token == null ? null : sessions.find(token).filter(CurrentUser::admin).orElse(null);
        chain.doFilter(admin == null ? request : new AsAdmin(request, admin), response);
    }

    private static final class AsAdmin extends HttpServletRequestWrapper {
        private final CurrentUser admin;

        AsAdmin(HttpServletRequest request, CurrentUser admin) {
            super(request);
            this.admin = admin;
        }

        @Override
        public Principal getUserPrincipal() {
            return admin::username;
        }

        @Override
        public boolean isUserInRole(String role) {
            return ADMIN_ROLE.equals(role);
        }
    }
}
