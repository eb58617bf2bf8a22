package dev.virtdeck.architecture;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import dev.virtdeck.driver.DriverProvider;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The dependency rules of docs/architecture.md. A package is named by its top level under
 * {@code dev.virtdeck} ("libvirt" covers {@code libvirt.virsh}). A driver module is a top-level
 * package holding a {@link DriverProvider} implementation, so the rules cover a new driver module
 * without a change here.
 */
final class ModuleRules {
    static final String ROOT = "dev.virtdeck";
    /** drivers/core: the SPI, errors, fleet engine, SSH layer, host facts and the portable requests. */
    static final List<String> CORE = List.of("driver", "error", "fleet", "ssh", "host", "request");
    /** tui's main code. */
    static final List<String> FRONT_ENDS = List.of("cli", "tui", "demo");

    private ModuleRules() {
    }

    /** @return the top-level package of {@code c} under {@link #ROOT}, or "" outside it */
    static String topLevel(JavaClass c) {
        String pkg = c.getPackageName();
        if (!pkg.startsWith(ROOT + ".")) return "";
        String rest = pkg.substring(ROOT.length() + 1);
        int dot = rest.indexOf('.');
        return dot < 0 ? rest : rest.substring(0, dot);
    }

    /** @return the top-level packages, core's aside, that implement {@link DriverProvider} */
    static Set<String> driverModules(JavaClasses classes) {
        return classes.stream()
                .filter(c -> !c.isInterface() && c.isAssignableTo(DriverProvider.class))
                .map(ModuleRules::topLevel)
                .filter(top -> !top.isEmpty() && !CORE.contains(top))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    static ArchRule noCycles() {
        return slices().matching(ROOT + ".(*)..").namingSlices("$1").should().beFreeOfCycles()
                .as("top-level packages of " + ROOT + " have no dependency cycle")
                .because("packages in a cycle are one module in all but name: none of them can be changed,"
                        + " tested or moved to its own module alone");
    }

    static ArchRule driversIndependent(Set<String> drivers) {
        SliceAssignment byDriver = new SliceAssignment() {
            @Override
            public SliceIdentifier getIdentifierOf(JavaClass c) {
                String top = topLevel(c);
                return drivers.contains(top) ? SliceIdentifier.of(top) : SliceIdentifier.ignore();
            }

            @Override
            public String getDescription() {
                return "driver modules " + drivers;
            }
        };
        return slices().assignedFrom(byDriver).should().notDependOnEachOther()
                .as("no driver module " + drivers + " imports another")
                .because("a driver module is a plug-in that may be left out; what two drivers share belongs in core");
    }

    static ArchRule coreImportsNoDriver(Set<String> drivers) {
        return noClasses().that().resideInAnyPackage(packages(CORE))
                .should().dependOnClassesThat().resideInAnyPackage(packages(drivers))
                .as("core " + CORE + " imports no driver module " + drivers)
                .because("core is the contract drivers implement; it finds them through ServiceLoader only");
    }

    static ArchRule frontEndsImportNoDriver(Set<String> drivers) {
        return noClasses().that().resideInAnyPackage(packages(FRONT_ENDS))
                .should().dependOnClassesThat().resideInAnyPackage(packages(drivers))
                .as("the front ends " + FRONT_ENDS + " import no driver module " + drivers)
                .because("they reach drivers through ServiceLoader, so a driver module is added or left out"
                        + " without a change to them");
    }

    static ArchRule simStandsAlone() {
        return importsNothingOutside("sim")
                .because("the simulator reproduces the real tools on its own, so a parsing bug cannot hide on"
                        + " both sides");
    }

    static ArchRule inventoryAtTheBottom() {
        return importsNothingOutside("inventory")
                .because("every layer reads the inventory, so it can know none of them");
    }

    private static ArchRule importsNothingOutside(String top) {
        String own = ROOT + "." + top + "..";
        return noClasses().that().resideInAPackage(own)
                .should().dependOnClassesThat(resideInAPackage(ROOT + "..").and(not(resideInAPackage(own))))
                .as(top + " imports nothing of " + ROOT + " outside " + top);
    }

    private static String[] packages(Collection<String> tops) {
        return tops.stream().map(t -> ROOT + "." + t + "..").toArray(String[]::new);
    }
}
