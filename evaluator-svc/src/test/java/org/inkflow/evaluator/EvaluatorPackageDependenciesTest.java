package org.inkflow.evaluator;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The evaluator's skeleton: api/, messaging/ and config/ point at the domain, the domain never points back, no
 * two packages import each other, and the domain is plain Java (no Quarkus, CDI, JAX-RS, MicroProfile, Kafka or Micrometer).
 */
class EvaluatorPackageDependenciesTest {

    private static final String[] DOMAIN = {
            "org.inkflow.evaluator.baseline..", "org.inkflow.evaluator.dataset..",
            "org.inkflow.evaluator.evaluation..", "org.inkflow.evaluator.gates..", "org.inkflow.evaluator.model..",
            "org.inkflow.evaluator.promotion..", "org.inkflow.evaluator.quality..",
            "org.inkflow.evaluator.registry..", "org.inkflow.evaluator.report..", "org.inkflow.evaluator.scoring..",
            "org.inkflow.evaluator.storage.."};

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.inkflow.evaluator");
    }

    @Test
    void packagesAreFreeOfCycles() {
        slices().matching("org.inkflow.evaluator.(*)..").should().beFreeOfCycles().check(classes);
    }

    @Test
    void theDomainDoesNotDependOnItsAdapters() {
        noClasses().that().resideInAnyPackage(DOMAIN).should().dependOnClassesThat().resideInAnyPackage(
                        "org.inkflow.evaluator.api..", "org.inkflow.evaluator.messaging..",
                        "org.inkflow.evaluator.config..", "org.inkflow.evaluator.metrics..")
                .because("the domain talks to Kafka and Micrometer through ports (EvaluationEvents, PromotionSink,"
                        + " EvaluationMonitor, ProductionMonitor) and gets its settings as records built in config/")
                .check(classes);
    }

    @Test
    void theDomainIsFreeOfFrameworks() {
        noClasses().that().resideInAnyPackage(DOMAIN).should().dependOnClassesThat().resideInAnyPackage(
                        "io.quarkus..", "jakarta.ws.rs..", "jakarta.enterprise..", "jakarta.inject..",
                        "org.eclipse.microprofile..", "org.apache.kafka..", "io.smallrye..", "io.micrometer..")
                .because("domain services are built by config/EvaluatorBeans, not by CDI")
                .check(classes);
    }
}
