package org.inkflow.crawler;

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
class CrawlerPackageDependenciesTest {

    private static final String[] DOMAIN = {
            "org.inkflow.crawler.crawl..", "org.inkflow.crawler.jobs..", "org.inkflow.crawler.net..",
            "org.inkflow.crawler.sources..", "org.inkflow.crawler.openmoji..", "org.inkflow.crawler.store.."};

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.inkflow.crawler");
    }

    @Test
    void packagesAreFreeOfCycles() {
        slices().matching("org.inkflow.crawler.(*)..").should().beFreeOfCycles().check(classes);
    }

    @Test
    void theDomainDoesNotDependOnAdapters() {
        noClasses().that().resideInAnyPackage(DOMAIN).should().dependOnClassesThat()
                .resideInAnyPackage("org.inkflow.crawler.api..", "org.inkflow.crawler.messaging..",
                        "org.inkflow.crawler.config..")
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
