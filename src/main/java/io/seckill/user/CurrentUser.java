package io.seckill.user;

/**
 * The caller of a request, from its session. Declare it as a controller parameter to require a
 * session (401 without one); declare {@link AdminUser} to require an admin (403 for others).
 */
public record CurrentUser(long id, String username, boolean admin) {
}
