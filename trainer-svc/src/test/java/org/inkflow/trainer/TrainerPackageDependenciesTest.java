package org.inkflow.trainer;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The trainer's skeleton as rules: no package cycles, and the domain ({@code data}, {@code runs}, {@code search},
 * {@code training}) never reaches out to the adapters ({@code api}, {@code messaging}, {@code config}) or to
 * Quarkus, JAX-RS, MicroProfile or Kafka.
 */
class TrainerPackageDependenciesTest {

    private static final String[] DOMAIN = {
            "org.inkflow.trainer.data..", "org.inkflow.trainer.runs..", "org.inkflow.trainer.search..",
            "org.inkflow.trainer.training.."};

    private static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.inkflow.trainer");
    }

    @Test
    void packagesAreFreeOfCycles() {
        slices().matching("org.inkflow.trainer.(*)..").should().beFreeOfCycles().check(classes);
    }

    @Test
    void domainDoesNotDependOnAdapters() {
        noClasses().that().resideInAnyPackage(DOMAIN)
                .should().dependOnClassesThat().resideInAnyPackage("org.inkflow.trainer.api..",
                        "org.inkflow.trainer.messaging..", "org.inkflow.trainer.config..")
                .check(classes);
    }

    @Test
    void domainIsFreeOfFrameworks() {
        noClasses().that().resideInAnyPackage(DOMAIN)
                .should().dependOnClassesThat().resideInAnyPackage("io.quarkus..", "jakarta.ws.rs..",
                        "jakarta.enterprise..", "jakarta.inject..", "org.eclipse.microprofile..", "org.apache.kafka..")
                .check(classes);
    }
}
