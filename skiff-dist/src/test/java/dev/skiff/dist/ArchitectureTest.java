package dev.skiff.dist;

import static com.tngtech.archunit.base.DescribedPredicate.describe;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaCall;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaConstructorCall;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import dev.skiff.common.RandomSource;
import dev.skiff.common.SkiffClock;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Rules of the code base checked on every build over the production classes of every server module
 * (the benchmark tool, which measures real time on purpose, is left out): time is read through the
 * injected {@link SkiffClock}, random choices come from an injected {@link RandomSource}, and periodic
 * duties run on the {@code Scheduler} seam. A rule with known offenders names them: the list may
 * only shrink (a test checks that each named class still offends, so a fixed one must leave it).
 */
class ArchitectureTest {
    private static JavaClasses production;

    /**
     * Classes that still create their own scheduled executor instead of using {@code
     * dev.skiff.common.concurrent.Scheduler}: none since issue 18 moved the last seven; a class
     * may join only with a reason written here.
     */
    private static final Set<String> OWN_SCHEDULED_EXECUTORS = Set.of();

    @BeforeAll
    static void importClasses() {
        production = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(location -> !location.contains("-tests.jar")) // other modules' test jars
                .importPackages("dev.skiff")
                .that(describe(
                        "outside the benchmark tool", c -> !c.getPackageName().startsWith("dev.skiff.bench")));
        assertThat(production.size()).as("production classes imported").isGreaterThan(300);
    }

    @Test
    void timeIsReadThroughTheClock() {
        ArchRule rule = noClasses()
                .that()
                .doNotBelongToAnyOf(SkiffClock.class)
                .and()
                .doNotHaveFullyQualifiedName("dev.skiff.common.SystemClock")
                .should()
                .callMethod(System.class, "currentTimeMillis")
                .orShould()
                .callMethod(System.class, "nanoTime")
                .because("a test or a simulation must be able to drive time (SkiffClock)");
        rule.check(production);
    }

    @Test
    void randomChoicesComeFromAnInjectedSource() {
        ArchRule rule = noClasses()
                .that()
                .doNotBelongToAnyOf(RandomSource.class)
                .should()
                .callMethod(ThreadLocalRandom.class, "current")
                .orShould()
                .callMethod(Math.class, "random")
                .orShould()
                .callMethod(java.util.random.RandomGenerator.class, "getDefault")
                .orShould()
                .callConstructorWhere(describe(
                        "a java.util.Random",
                        (JavaConstructorCall call) -> call.getTargetOwner().isAssignableTo(Random.class)))
                .because("a seeded run must repeat choice for choice (RandomSource)");
        rule.check(production);
    }

    @Test
    void periodicDutiesRunOnTheSchedulerSeamExceptTheNamedOnes() {
        ArchRule rule = noClasses()
                .that()
                .resideOutsideOfPackage("dev.skiff.common.concurrent..")
                .and(describe("not named as known offenders", c -> !OWN_SCHEDULED_EXECUTORS.contains(c.getName())))
                .should()
                .callCodeUnitWhere(describe(
                        "a new ScheduledThreadPoolExecutor or Executors.newScheduled* / newSingleThreadScheduled*",
                        ArchitectureTest::createsScheduledExecutor))
                .because("periodic duties belong on dev.skiff.common.concurrent.Scheduler (ManualScheduler in tests)");
        rule.check(production);
    }

    @Test
    void everyNamedOffenderStillOffendsSoTheListOnlyShrinks() {
        for (String name : OWN_SCHEDULED_EXECUTORS) {
            assertThat(production.contain(name)).as(name + " exists").isTrue();
            boolean offends = production.get(name).getCodeUnits().stream()
                    .flatMap(unit -> unit.getCallsFromSelf().stream())
                    .anyMatch(ArchitectureTest::createsScheduledExecutor);
            assertThat(offends)
                    .as(name + " no longer creates a scheduled executor: remove it from OWN_SCHEDULED_EXECUTORS")
                    .isTrue();
        }
    }

    /** A call that makes a scheduled executor of its own. */
    private static boolean createsScheduledExecutor(JavaCall<?> call) {
        return (call instanceof JavaConstructorCall
                        && call.getTargetOwner().isAssignableTo(ScheduledThreadPoolExecutor.class))
                || (call instanceof JavaMethodCall
                        && call.getTargetOwner().isEquivalentTo(Executors.class)
                        && call.getName().contains("Scheduled"));
    }
}
