package io.seckill;

import java.util.Set;
import java.util.TreeSet;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

/**
 * The features as the packages say, with nothing typed by hand: under a root package, each package one level
 * down is a feature, except {@value #PLATFORM} (the shared infrastructure); a feature's API is what its own
 * package holds, and everything under its {@code internal} package is its own business.
 */
final class FeatureRules {

    static final String PLATFORM = "platform";

    private final String root;

    FeatureRules(String root) {
        this.root = root;
    }

    /** The first package segment under the root, or null for the root itself and classes outside it. */
    String featureOf(String packageName) {
        if (!packageName.startsWith(root + ".")) {
            return null;
        }
        var rest = packageName.substring(root.length() + 1);
        int dot = rest.indexOf('.');
        return dot < 0 ? rest : rest.substring(0, dot);
    }

    /** Whether the package is a feature's internal package or below it. */
    boolean isInternal(String packageName) {
        var feature = featureOf(packageName);
        if (feature == null) {
            return false;
        }
        var internal = root + "." + feature + ".internal";
        return packageName.equals(internal) || packageName.startsWith(internal + ".");
    }

    /** Every feature found among the classes, the platform not counted. */
    Set<String> features(JavaClasses classes) {
        var features = new TreeSet<String>();
        for (var javaClass : classes) {
            var feature = featureOf(javaClass.getPackageName());
            if (feature != null && !feature.equals(PLATFORM)) {
                features.add(feature);
            }
        }
        return features;
    }

    /** A class may use the internal classes of its own feature only. */
    ArchRule internalsStayInTheirFeature() {
        return classes().should(new ArchCondition<>("only use internal classes of their own feature") {
            @Override
            public void check(JavaClass origin, ConditionEvents events) {
                var own = featureOf(origin.getPackageName());
                origin.getDirectDependenciesFromSelf().forEach(dependency -> {
                    var target = dependency.getTargetClass().getPackageName();
                    if (isInternal(target) && !featureOf(target).equals(own)) {
                        events.add(SimpleConditionEvent.violated(dependency, dependency.getDescription()));
                    }
                });
            }
        });
    }
}
