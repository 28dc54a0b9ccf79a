package io.seckill;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;

import org.junit.jupiter.api.Test;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/**
 * Keeps the features apart: each top-level package under io.seckill is a feature (found in the code, not
 * listed here) whose {@code internal} package nobody else may touch, features depend on each other without
 * cycles, the platform knows no feature, and the domain's data types carry no Redis, RocketMQ or JDBC.
 */
class ArchitectureTests {

    private static final FeatureRules RULES = new FeatureRules("io.seckill");

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.seckill");

    private static final Set<String> FEATURES = RULES.features(CLASSES);

    @Test
    void everyFeatureKeepsItsImplementationInAnInternalPackage() {
        assertThat(FEATURES).as("features found in the code").hasSizeGreaterThan(5).doesNotContain(FeatureRules.PLATFORM);
        for (var feature : FEATURES) {
            assertThat(CLASSES.stream().anyMatch(c -> c.getPackageName().equals("io.seckill." + feature + ".internal")))
                    .as(feature + " has an internal package").isTrue();
            assertThat(CLASSES.stream().map(JavaClass::getPackageName)
                    .filter(name -> name.startsWith("io.seckill." + feature + "."))
                    .allMatch(RULES::isInternal))
                    .as(feature + "'s only sub-package is internal: its API is its own package").isTrue();
        }
    }

    @Test
    void noFeatureReachesIntoAnotherFeaturesInternals() {
        RULES.internalsStayInTheirFeature().check(CLASSES);
    }

    @Test
    void theRuleCatchesAPlantedViolationEvenWhereOneFeaturesNameStartsAnothers() {
        var planted = new ClassFileImporter().importPackages("io.seckill.architecture.planted");

        var result = new FeatureRules("io.seckill.architecture.planted").internalsStayInTheirFeature().evaluate(planted);

        assertThat(result.hasViolation()).isTrue();
        assertThat(result.getFailureReport().getDetails()).isNotEmpty()
                .allMatch(line -> line.contains("planted.orders.Peeker"), "names only the class of 'orders' using 'order' internals");
    }

    @Test
    void featuresDependOnEachOtherWithoutCycles() {
        slices().matching("io.seckill.(*)..").should().beFreeOfCycles().check(CLASSES);
    }

    @Test
    void thePlatformKnowsNoFeature() {
        noClasses().that().resideInAPackage("io.seckill." + FeatureRules.PLATFORM + "..")
                .should().dependOnClassesThat().resideInAnyPackage(FEATURES.stream()
                        .map(feature -> "io.seckill." + feature + "..").toArray(String[]::new))
                .check(CLASSES);
    }

    @Test
    void domainDataCarriesNoInfrastructure() {
        DescribedPredicate<JavaClass> domainData = DescribedPredicate.describe("records and enums of the features",
                c -> (c.isRecord() || c.isEnum()) && FEATURES.contains(RULES.featureOf(c.getPackageName())));
        noClasses().that(domainData)
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework.data.redis..",
                        "org.apache.rocketmq..", "java.sql..", "org.springframework.jdbc..", "io.lettuce..")
                .check(CLASSES);
    }
}
