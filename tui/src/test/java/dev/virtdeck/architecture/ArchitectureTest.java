package dev.virtdeck.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.core.importer.Locations;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The module rules ({@link ModuleRules}) hold on the main classes of every module, and each one
 * catches a breach: a class compiled here at test time into a package the rule guards, imported
 * beside the real classes.
 */
class ArchitectureTest {
    /** Test-jars (core's testlab, xen's fixtures) are test code too; ArchUnit's own option misses them. */
    private static final ImportOption NO_TEST_JARS = location -> !location.matches(Pattern.compile(".*-tests\\.jar!/.*"));

    /** One breach per rule: the class name and its source. */
    private static final Map<String, String> BREACHES = Map.of(
            "dev.virtdeck.driver.BreachCycle", "dev.virtdeck.fleet.Fleet fleet;",
            "dev.virtdeck.xen.BreachOtherDriver", "dev.virtdeck.libvirt.LibvirtProvider other;",
            "dev.virtdeck.fleet.BreachDriverInCore", "dev.virtdeck.vbox.VBoxProvider driver;",
            "dev.virtdeck.cli.BreachDriverInFrontEnd", "dev.virtdeck.xen.XenProvider driver;",
            "dev.virtdeck.sim.BreachSimImport", "dev.virtdeck.ssh.SshHost ssh;",
            "dev.virtdeck.inventory.BreachInventoryImport", "dev.virtdeck.fleet.HostStatus status;");

    static JavaClasses main;
    static JavaClasses withBreaches;
    static Set<String> drivers;

    @BeforeAll
    static void importClasses(@TempDir Path dir) throws IOException {
        Path src = dir.resolve("src");
        for (Map.Entry<String, String> b : BREACHES.entrySet()) {
            int dot = b.getKey().lastIndexOf('.');
            Path file = src.resolve(b.getKey().replace('.', '/') + ".java");
            Files.createDirectories(file.getParent());
            Files.writeString(file, "package " + b.getKey().substring(0, dot) + ";\npublic class "
                    + b.getKey().substring(dot + 1) + " { " + b.getValue() + " }\n");
        }
        Path classes = Files.createDirectories(dir.resolve("classes"));
        TestBuild.compile(src, classes);

        ClassFileImporter importer = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).withImportOption(NO_TEST_JARS);
        Set<Location> locations = Locations.ofPackage(ModuleRules.ROOT);
        main = importer.importLocations(locations);
        Set<Location> plusBreaches = new HashSet<>(locations);
        plusBreaches.add(Location.of(classes));
        withBreaches = importer.importLocations(plusBreaches);
        drivers = ModuleRules.driverModules(main);
    }

    static Stream<Arguments> rules() {
        return Stream.of(
                rule("no package cycle", d -> ModuleRules.noCycles(), "BreachCycle"),
                rule("drivers independent", ModuleRules::driversIndependent, "BreachOtherDriver"),
                rule("core imports no driver", ModuleRules::coreImportsNoDriver, "BreachDriverInCore"),
                rule("front ends import no driver", ModuleRules::frontEndsImportNoDriver, "BreachDriverInFrontEnd"),
                rule("sim stands alone", d -> ModuleRules.simStandsAlone(), "BreachSimImport"),
                rule("inventory at the bottom", d -> ModuleRules.inventoryAtTheBottom(), "BreachInventoryImport"));
    }

    private static Arguments rule(String name, Function<Set<String>, ArchRule> rule, String breach) {
        return Arguments.of(name, rule, breach);
    }

    /** Guards the guards: a rule over packages that were not imported would pass whatever the code. */
    @Test
    void importsEveryModulesMainClassesAndNoTestCode() {
        Set<String> tops = main.stream().map(ModuleRules::topLevel).collect(Collectors.toCollection(TreeSet::new));
        assertTrue(tops.containsAll(Set.of("cli", "tui", "demo", "driver", "error", "fleet", "ssh", "host",
                "inventory", "libvirt", "xen", "vbox", "sim")), tops.toString());
        assertTrue(main.stream().noneMatch(c -> c.getPackageName().startsWith("dev.virtdeck.testlab")
                || c.getSimpleName().endsWith("Test") || c.getSimpleName().startsWith("Fake")), tops.toString());
    }

    @Test
    void driverModulesAreTheTopLevelPackagesWithAProvider() {
        assertTrue(drivers.containsAll(Set.of("libvirt", "vbox", "xen")), drivers.toString());
        assertTrue(drivers.stream().noneMatch(d -> ModuleRules.CORE.contains(d) || ModuleRules.FRONT_ENDS.contains(d)),
                drivers.toString());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rules")
    void holdsOnTheMainClasses(String name, Function<Set<String>, ArchRule> rule, String breach) {
        rule.apply(drivers).check(main);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rules")
    void catchesItsBreach(String name, Function<Set<String>, ArchRule> rule, String breach) {
        EvaluationResult result = rule.apply(drivers).evaluate(withBreaches);
        String report = result.getFailureReport().toString();
        assertTrue(result.hasViolation() && report.contains(breach), name + " missed " + breach + ": " + report);
    }
}
