package io.seckill.architecture.planted.order;

import io.seckill.architecture.planted.order.internal.Secret;

/** Its own feature's internals: allowed (ArchitectureTests). */
public class Door {
    Secret secret = new Secret();
}
