package org.inkflow.cleaner;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The service skeleton as rules: no two packages depend on each other (directly or around a longer cycle), and the
 * domain packages point at neither the adapters ({@code api}, {@code messaging}, {@code config}) nor the frameworks.
 */
class CleanerPackageDependenciesTest {

    private static final String[] DOMAIN = {
            "org.inkflow.cleaner.datasets..", "org.inkflow.cleaner.dedup..", "org.inkflow.cleaner.filters..",
            "org.inkflow.cleaner.lineart..", "org.inkflow.cleaner.normalize..", "org.inkflow.cleaner.samples..",
            "org.inkflow.cleaner.split.."};

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.inkflow.cleaner");
    }

    @Test
    void packagesAreFreeOfCycles() {
        slices().matching("org.inkflow.cleaner.(*)..").should().beFreeOfCycles().check(classes);
    }

    @Test
    void theDomainDoesNotDependOnAdapters() {
        noClasses().that().resideInAnyPackage(DOMAIN).should().dependOnClassesThat()
                .resideInAnyPackage("org.inkflow.cleaner.api..", "org.inkflow.cleaner.messaging..",
                        "org.inkflow.cleaner.config..")
                .check(classes);
    }

    @Test
    void theDomainIsFreeOfFrameworks() {
        noClasses().that().resideInAnyPackage(DOMAIN).should().dependOnClassesThat()
                .resideInAnyPackage("io.quarkus..", "jakarta.ws.rs..", "jakarta.enterprise..", "jakarta.inject..",
                        "org.eclipse.microprofile..", "org.apache.kafka..", "io.smallrye..")
                .check(classes);
    }
}
