package org.inkflow.localstack;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The service skeleton (docs/decisions/0017) as rules every service's tests check by extending this class: no two
 * packages of the service depend on each other, directly or around a longer cycle, and its domain packages point at
 * neither its adapters ({@code api}, {@code messaging}, {@code config}, plus any the service adds) nor the frameworks.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class ServiceSkeletonContract {

    private static final String[] FRAMEWORKS = {"io.quarkus..", "jakarta.ws.rs..", "jakarta.enterprise..",
            "jakarta.inject..", "org.eclipse.microprofile..", "org.apache.kafka..", "io.smallrye.."};

    private JavaClasses classes;

    /** The service's root package, e.g. {@code org.inkflow.crawler}. */
    protected abstract String servicePackage();

    /** The service's domain packages, by their name under {@link #servicePackage()}. */
    protected abstract String[] domainPackages();

    /** Packages under {@link #servicePackage()} the domain must not use besides api, messaging and config. */
    protected String[] moreAdapterPackages() {
        return new String[0];
    }

    /** Libraries the domain must not use besides Quarkus, JAX-RS, CDI, MicroProfile, Kafka and SmallRye. */
    protected String[] moreFrameworks() {
        return new String[0];
    }

    /** The service's main classes (tests excluded), imported once per test class. */
    protected final JavaClasses classes() {
        if (classes == null) {
            classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                    .importPackages(servicePackage());
        }
        return classes;
    }

    /** {@code names} as ArchUnit package patterns under the service's root package. */
    protected final String[] packages(String... names) {
        return Arrays.stream(names).map(n -> servicePackage() + "." + n + "..").toArray(String[]::new);
    }

    @Test
    void packagesAreFreeOfCycles() {
        slices().matching(servicePackage() + ".(*)..").should().beFreeOfCycles().check(classes());
    }

    @Test
    void theDomainDoesNotDependOnAdapters() {
        String[] adapters = Stream.concat(Stream.of("api", "messaging", "config"), Arrays.stream(moreAdapterPackages()))
                .toArray(String[]::new);
        noClasses().that().resideInAnyPackage(packages(domainPackages())).should().dependOnClassesThat()
                .resideInAnyPackage(packages(adapters))
                .check(classes());
    }

    @Test
    void theDomainIsFreeOfFrameworks() {
        String[] frameworks = Stream.concat(Arrays.stream(FRAMEWORKS), Arrays.stream(moreFrameworks()))
                .toArray(String[]::new);
        noClasses().that().resideInAnyPackage(packages(domainPackages())).should().dependOnClassesThat()
                .resideInAnyPackage(frameworks)
                .check(classes());
    }
}
