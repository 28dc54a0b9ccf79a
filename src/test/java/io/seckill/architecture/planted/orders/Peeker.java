package io.seckill.architecture.planted.orders;

import io.seckill.architecture.planted.order.internal.Secret;

/** A planted violation: another feature, whose name only starts like the owner's (ArchitectureTests). */
public class Peeker {
    Secret secret = new Secret();
}
