package io.seckill.dashboard.internal;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.springframework.http.server.observation.ServerRequestObservationContext;
import org.springframework.stereotype.Component;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;

/**
 * Records how long each captcha, token and order request took, as its request observation ends (a
 * rehearsal's requests are not observed), into an HdrHistogram recorder per step: recording is wait-free,
 * and taking a step's histogram ({@link #take}) starts the next interval. A bean without dependencies: the
 * observation registry needs it before anything else exists.
 */
@Component
class StepRecorder implements ObservationHandler<ServerRequestObservationContext> {

    /** The steps a buyer takes, by the path pattern and method of their request. */
    enum Step {
        CAPTCHA("GET", "/api/promos/{promoId}/captcha"),
        TOKEN("POST", "/api/promos/{promoId}/tokens"),
        ORDER("POST", "/api/orders");

        final String method;
        final String pattern;
        /** The pattern's text before and after its one variable (all of it, and nothing, if it has none). */
        private final String uriStart;
        private final String uriEnd;

        Step(String method, String pattern) {
            this.method = method;
            this.pattern = pattern;
            int variable = pattern.indexOf('{');
            this.uriStart = variable < 0 ? pattern : pattern.substring(0, variable);
            this.uriEnd = variable < 0 ? "" : pattern.substring(pattern.indexOf('}') + 1);
        }

        /** Whether a request URI may be this step's, before Spring MVC has matched it to a pattern (checked at the end). */
        boolean mayMatch(String uri) {
            return uri.startsWith(uriStart) && uri.endsWith(uriEnd);
        }

        String key() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Step of(String method, String pattern) {
            for (var step : values()) {
                if (step.pattern.equals(pattern) && step.method.equals(method)) {
                    return step;
                }
            }
            return null;
        }

        static Step ofKey(String key) {
            for (var step : values()) {
                if (step.key().equals(key)) {
                    return step;
                }
            }
            return null;
        }
    }

    private static final String STARTED = StepRecorder.class.getName() + ".started";
    private static final Step[] STEPS = Step.values();

    private final Map<Step, Recorder> recorders = new EnumMap<>(Step.class);
    private final Map<Step, Histogram> recycled = new EnumMap<>(Step.class);

    StepRecorder() {
        for (var step : Step.values()) {
            recorders.put(step, new Recorder(3));
        }
    }

    @Override
    public boolean supportsContext(Observation.Context context) {
        return context instanceof ServerRequestObservationContext;
    }

    /**
     * Only a request that may be a buying step is timed; every other one (reads, the session check, unknown
     * paths) pays a few string checks and no entry in the observation's map.
     */
    @Override
    public void onStart(ServerRequestObservationContext context) {
        if (mayBeAStep(context.getCarrier().getRequestURI())) {
            context.put(STARTED, System.nanoTime());
        }
    }

    @Override
    public void onStop(ServerRequestObservationContext context) {
        Long started = context.get(STARTED);
        var step = started == null ? null : Step.of(context.getCarrier().getMethod(), context.getPathPattern());
        if (step != null) {
            recorders.get(step).recordValue(TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - started));
        }
    }

    /** The URI of a captcha, token or order request (the path pattern that names the step is known only later). */
    private static boolean mayBeAStep(String uri) {
        for (var step : STEPS) {
            if (step.mayMatch(uri)) {
                return true;
            }
        }
        return false;
    }

    /** The step's requests (microseconds) since the last take; one caller at a time (the publishing schedule). */
    Histogram take(Step step) {
        var histogram = recorders.get(step).getIntervalHistogram(recycled.get(step));
        recycled.put(step, histogram);
        return histogram;
    }
}
