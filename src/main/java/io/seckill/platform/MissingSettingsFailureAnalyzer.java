package io.seckill.platform;

import java.util.stream.Collectors;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

import io.seckill.platform.ProductionSettings.MissingSettingsException;

/** Turns a refused production start into one message naming each problem, without a stack trace. */
class MissingSettingsFailureAnalyzer extends AbstractFailureAnalyzer<MissingSettingsException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, MissingSettingsException cause) {
        var description = new StringBuilder();
        if (!cause.missing().isEmpty()) {
            description.append("The prod profile needs settings that are not set:\n").append(cause.missing().stream()
                    .map(setting -> "    " + setting.variable() + " (" + setting.property() + "): " + setting.meaning())
                    .collect(Collectors.joining("\n")));
        }
        if (!cause.unsafe().isEmpty()) {
            description.append(description.isEmpty() ? "" : "\n").append("The prod profile refuses unsafe settings:\n")
                    .append(cause.unsafe().stream().map(setting -> "    " + setting).collect(Collectors.joining("\n")));
        }
        return new FailureAnalysis(description.toString(),
                "Set each missing variable in the node's environment (or pass --<property>=<value>), remove each "
                        + "unsafe setting, and start again.", cause);
    }
}
