package io.seckill.user;

/** A {@link CurrentUser} known to be an admin; as a controller parameter it guards the endpoint. */
public record AdminUser(CurrentUser user) {
}
