package io.seckill.architecture.planted.order.internal;

/** A planted feature's internal class (ArchitectureTests). */
public class Secret {
}
