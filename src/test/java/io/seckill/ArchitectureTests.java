package io.seckill;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;

/**
 * Keeps the features apart: each top-level package under io.seckill is a feature whose
 * {@code internal} package nobody else may touch, features depend on each other without cycles,
 * and the domain's data types carry no Redis, RocketMQ or JDBC.
 */
class ArchitectureTests {

    private static final Set<String> FEATURES = Set.of("user", "catalog", "stock", "gate", "order", "dashboard", "reconciliation",
            "loadtest", "frontend", "rehearsal");

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.seckill");

    @Test
    void everyFeatureNamedHereExistsSoTheRulesCheckSomething() {
        var present = CLASSES.stream().map(JavaClass::getPackageName)
                .filter(name -> name.startsWith("io.seckill."))
                .map(name -> name.substring("io.seckill.".length()).split("\\.")[0])
                .collect(Collectors.toSet());
        assertThat(present).containsAll(FEATURES).contains("platform");
        for (var feature : FEATURES) {
            assertThat(CLASSES.stream().anyMatch(c -> c.getPackageName().equals("io.seckill." + feature + ".internal")))
                    .as(feature + " has an internal package").isTrue();
        }
    }

    @Test
    void noFeatureReachesIntoAnotherFeaturesInternals() {
        classes().should(new ArchCondition<>("only use internal classes of their own feature") {
            @Override
            public void check(JavaClass origin, ConditionEvents events) {
                origin.getDirectDependenciesFromSelf().forEach(dependency -> {
                    var target = dependency.getTargetClass().getPackageName();
                    int internal = target.indexOf(".internal");
                    if (target.startsWith("io.seckill.") && internal > 0
                            && !origin.getPackageName().startsWith(target.substring(0, internal))) {
                        events.add(SimpleConditionEvent.violated(dependency, dependency.getDescription()));
                    }
                });
            }
        }).check(CLASSES);
    }

    @Test
    void featuresDependOnEachOtherWithoutCycles() {
        slices().matching("io.seckill.(*)..").should().beFreeOfCycles().check(CLASSES);
    }

    @Test
    void thePlatformKnowsNoFeature() {
        noClasses().that().resideInAPackage("io.seckill.platform..")
                .should().dependOnClassesThat().resideInAnyPackage(FEATURES.stream()
                        .map(feature -> "io.seckill." + feature + "..").toArray(String[]::new))
                .check(CLASSES);
    }

    @Test
    void domainDataCarriesNoInfrastructure() {
        DescribedPredicate<JavaClass> domainData = DescribedPredicate.describe("records and enums of the features",
                c -> (c.isRecord() || c.isEnum()) && FEATURES.stream()
                        .anyMatch(feature -> c.getPackageName().startsWith("io.seckill." + feature)));
        noClasses().that(domainData)
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework.data.redis..",
                        "org.apache.rocketmq..", "java.sql..", "org.springframework.jdbc..", "io.lettuce..")
                .check(CLASSES);
    }
}
