package io.seckill.rehearsal.internal;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.server.observation.ServerRequestObservationContext;

import io.micrometer.observation.ObservationPredicate;

/** The rehearsal's requests are real work for the node but not traffic: they stay out of the request metrics. */
@Configuration(proxyBeanMethods = false)
class RehearsalMetrics {

    @Bean
    ObservationPredicate noRehearsalRequests(RehearsalMark mark) {
        return (name, context) -> !(context instanceof ServerRequestObservationContext request
                && mark.isOn(request.getCarrier().getHeader(RehearsalMark.HEADER)));
    }
}
