package io.detektr.broker;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Keeps the public API free of drivers and of its own implementation. */
class ApiBoundaryTest {
  private static final JavaClasses API =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("io.detektr.broker");
  private static final List<String> FORBIDDEN =
      List.of(".internal", "io.lettuce", "com.rabbitmq", "io.netty");

  @Test
  void publicSignaturesNameNoDriverAndNoInternalType() {
    classes()
        .that()
        .resideOutsideOfPackage("..internal..")
        .and()
        .arePublic()
        .should(exposeOnlyPublicApiTypes())
        .check(API);
  }

  @Test
  void brokerApiDependsOnTheJdkOnly() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideOutsideOfPackages("io.detektr.broker..", "java..", "javax..")
        .check(API);
  }

  private static ArchCondition<JavaClass> exposeOnlyPublicApiTypes() {
    return new ArchCondition<>("expose only public API types in public signatures") {
      @Override
      public void check(JavaClass type, ConditionEvents events) {
        Stream<JavaCodeUnit> units =
            type.getCodeUnits().stream()
                .filter(u -> u.getModifiers().contains(JavaModifier.PUBLIC));
        units.forEach(
            u -> {
              Stream.concat(Stream.of(u.getRawReturnType()), u.getRawParameterTypes().stream())
                  .forEach(t -> report(events, type, u.getFullName(), t));
            });
        type.getFields().stream()
            .filter(f -> f.getModifiers().contains(JavaModifier.PUBLIC))
            .forEach((JavaField f) -> report(events, type, f.getFullName(), f.getRawType()));
      }
    };
  }

  private static void report(
      ConditionEvents events, JavaClass owner, String member, JavaClass used) {
    String name = used.getName();
    boolean bad = FORBIDDEN.stream().anyMatch(name::contains);
    events.add(new SimpleConditionEvent(owner, !bad, member + " exposes " + name));
  }
}
