package io.runstore.server.architecture;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import org.axonframework.spring.stereotype.Aggregate;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.context.annotation.Configuration;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RestController;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.fields;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rules of the developers' guide, checked on the classes every build makes: a rule that is broken fails the build,
 * naming the classes and the dependency at fault.
 */
class ArchitectureTest {

    private static final JavaClasses CLASSES = RunstoreClasses.all();

    @Test
    void everyModuleIsImported() {
        for (RunstoreClasses.Module module : RunstoreClasses.MODULES) {
            assertThat(CLASSES.stream().anyMatch(javaClass -> javaClass.getPackageName()
                    .startsWith(module.rootPackage()))).as(module.name()).isTrue();
        }
    }

    @Test
    void noModuleHasACycleBetweenItsPackages() {
        for (RunstoreClasses.Module module : RunstoreClasses.MODULES) {
            slices().assignedFrom(packagesOf(module))
                    .should().beFreeOfCycles()
                    .as("the packages of " + module.name() + " depend on each other without a cycle")
                    .check(CLASSES);
        }
    }

    @Test
    void eventsDependOnNothingOfOursNorOnSpringOrJooq() {
        noClasses().that().resideInAPackage("io.runstore.events..")
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "org.jooq..")
                .orShould().dependOnClassesThat(ofRunstoreOutside("io.runstore.events.."))
                .check(CLASSES);
    }

    @Test
    void theEventStoreKnowsNothingOfTheApplicationAroundIt() {
        noClasses().that().resideInAPackage("io.runstore.eventstore..")
                .should().dependOnClassesThat(ofRunstoreOutside("io.runstore.eventstore..")
                        .and(resideOutsideOfPackage("io.runstore.database..")))
                .because("only the classification of database failures is shared with it")
                .check(CLASSES);
    }

    @Test
    void theClassificationOfDatabaseFailuresDependsOnNothingOfOurs() {
        noClasses().that().resideInAPackage("io.runstore.database..")
                .should().dependOnClassesThat(ofRunstoreOutside("io.runstore.database.."))
                .check(CLASSES);
    }

    @Test
    void theSharedApiContractDependsOnlyOnTheEvents() {
        noClasses().that().resideInAPackage("io.runstore.api..")
                .should().dependOnClassesThat(ofRunstoreOutside("io.runstore.api..")
                        .and(resideOutsideOfPackage("io.runstore.events..")))
                .orShould().dependOnClassesThat().resideInAnyPackage("org.springframework..", "org.jooq..")
                .check(CLASSES);
    }

    @Test
    void securityDependsOnlyOnTheSharedApi() {
        noClasses().that().resideInAPackage("io.runstore.security..")
                .should().dependOnClassesThat(ofRunstoreOutside("io.runstore.security..")
                        .and(resideOutsideOfPackage("io.runstore.api..")))
                .because("who may do what is decided from identities and namespaces, not from the application")
                .check(CLASSES);
    }

    @Test
    void theQuerySideNeverImportsTheCommandSideNorTheProjector() {
        noClasses().that().resideInAPackage("io.runstore.query..")
                .should().dependOnClassesThat().resideInAnyPackage("io.runstore.command..", "io.runstore.projections..")
                .check(CLASSES);
    }

    @Test
    void thePublisherReadsTheLogThroughTheEventStoreAndSpeaksTheSharedContractOnly() {
        noClasses().that().resideInAPackage("io.runstore.publisher..")
                .should().dependOnClassesThat(ofRunstoreOutside("io.runstore.publisher..")
                        .and(resideOutsideOfPackage("io.runstore.events.."))
                        .and(resideOutsideOfPackage("io.runstore.api.."))
                        .and(resideOutsideOfPackage("io.runstore.eventstore..")))
                .orShould().dependOnClassesThat().resideInAnyPackage("org.springframework..",
                        "io.runstore.eventstore.schema..")
                .because("the publisher is the event store's reader (EventLogReader) and the public event shape; "
                        + "the server wires it")
                .check(CLASSES);
    }

    @Test
    void theProjectorAndTheCommandSideDoNotImportEachOther() {
        noClasses().that().resideInAPackage("io.runstore.projections..")
                .should().dependOnClassesThat().resideInAnyPackage("io.runstore.command..", "io.runstore.query..")
                .check(CLASSES);
        noClasses().that().resideInAPackage("io.runstore.command..")
                .should().dependOnClassesThat().resideInAnyPackage("io.runstore.projections..", "io.runstore.query..",
                        "io.runstore.readtables..")
                .check(CLASSES);
    }

    @Test
    void controllersDoNotCallTheDatabase() {
        noClasses().that().areAnnotatedWith(RestController.class).or().areAnnotatedWith(Controller.class)
                .should().dependOnClassesThat().resideInAnyPackage("org.jooq..", "java.sql..", "javax.sql..",
                        "org.springframework.jdbc..", "io.runstore.readtables.schema..",
                        "io.runstore.eventstore.schema..", "io.runstore.command.schema..")
                .because("a controller maps a request to a command or a reader's call; SQL lives in the readers and "
                        + "stores")
                .check(CLASSES);
    }

    @Test
    void anAggregateAndTheClassesThatHoldItsStateAreNotPublic() {
        ArchRule aggregates = classes().that().areAnnotatedWith(Aggregate.class).should().notBePublic();
        ArchRule state = fields().that().areDeclaredInClassesThat().areAnnotatedWith(Aggregate.class)
                .should().bePrivate().andShould(haveATypeOutsideTheAggregatesPackageOrNotPublic());
        aggregates.check(CLASSES);
        state.check(CLASSES);
    }

    @Test
    void configPackagesHoldWiringOnly() {
        classes().that().resideInAPackage("io.runstore..config").and().areTopLevelClasses()
                .should().beAnnotatedWith(Configuration.class).orShould().beAnnotatedWith(ConfigurationProperties.class)
                .because("config/ is wiring: what a class does belongs in the package named for it")
                .check(CLASSES);
    }

    /** One slice per package of the module. */
    private static SliceAssignment packagesOf(RunstoreClasses.Module module) {
        return new SliceAssignment() {
            @Override
            public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
                return RunstoreClasses.moduleOf(javaClass.getPackageName()).filter(module::equals).isPresent()
                        ? SliceIdentifier.of(javaClass.getPackageName()) : SliceIdentifier.ignore();
            }

            @Override
            public String getDescription() {
                return "the packages of " + module.name();
            }
        };
    }

    /** A runstore class outside the given package (pattern). */
    private static DescribedPredicate<JavaClass> ofRunstoreOutside(String packagePattern) {
        return resideInAPackage("io.runstore..").and(resideOutsideOfPackage(packagePattern))
                .as("runstore classes outside " + packagePattern);
    }

    private static ArchCondition<JavaField> haveATypeOutsideTheAggregatesPackageOrNotPublic() {
        return new ArchCondition<>("have a type that is not a public class of the aggregate's package") {
            @Override
            public void check(JavaField field, ConditionEvents events) {
                JavaClass type = field.getRawType();
                boolean internal = type.getPackageName().equals(field.getOwner().getPackageName());
                if (internal && type.getModifiers().contains(JavaModifier.PUBLIC)) {
                    events.add(SimpleConditionEvent.violated(field, field.getFullName() + " holds "
                            + type.getName() + ", which is public: the aggregate's state is its own"));
                }
            }
        };
    }
}
