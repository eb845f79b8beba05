package org.inkflow.inference;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The service skeleton, checked: no two packages of inference-svc depend on each other (directly or round a longer
 * cycle), and the domain packages neither reach out to the adapters ({@code api}, {@code messaging}, {@code health},
 * {@code config}) nor import Quarkus, JAX-RS, MicroProfile or Kafka.
 */
class InferencePackageDependenciesTest {

    private static final String[] DOMAIN = {
            "org.inkflow.inference.batching..", "org.inkflow.inference.drift..", "org.inkflow.inference.imaging..",
            "org.inkflow.inference.service..", "org.inkflow.inference.serving.."};

    private static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.inkflow.inference");
    }

    @Test
    void packagesAreFreeOfCycles() {
        slices().matching("org.inkflow.inference.(*)..").should().beFreeOfCycles().check(classes);
    }

    @Test
    void theDomainDoesNotDependOnItsAdapters() {
        noClasses().that().resideInAnyPackage(DOMAIN).should().dependOnClassesThat().resideInAnyPackage(
                "org.inkflow.inference.api..", "org.inkflow.inference.messaging..", "org.inkflow.inference.health..",
                "org.inkflow.inference.config..").check(classes);
    }

    @Test
    void theDomainIsFreeOfFrameworks() {
        noClasses().that().resideInAnyPackage(DOMAIN).should().dependOnClassesThat().resideInAnyPackage(
                "io.quarkus..", "jakarta.ws.rs..", "jakarta.enterprise..", "jakarta.inject..",
                "org.eclipse.microprofile..", "org.apache.kafka..", "io.smallrye..").check(classes);
    }

    @Test
    void servingKnowsNothingAboveIt() {
        // serving/ is the shape to follow: it knows nothing above it, not even the service that drives it.
        noClasses().that().resideInAPackage("org.inkflow.inference.serving..").should().dependOnClassesThat()
                .resideInAnyPackage("org.inkflow.inference.service..", "org.inkflow.inference.metrics..",
                        "org.inkflow.inference.batching..")
                .check(classes);
    }
}
