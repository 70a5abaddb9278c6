package io.detektr.exporter;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** Public signatures of io.detektr.exporter name no driver, JSON or internal type. */
class ApiBoundaryTest {
  private final JavaClasses classes =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("io.detektr.exporter");

  @Test
  void publicApiDoesNotExposeDriversOrInternals() {
    noClasses()
        .that()
        .resideInAPackage("io.detektr.exporter")
        .and()
        .arePublic()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.lettuce..", "com.fasterxml..")
        .check(classes);
  }

  @Test
  void onlyTheCliUsesPicocli() {
    noClasses()
        .that()
        .resideOutsideOfPackage("io.detektr.exporter.cli..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("picocli..")
        .check(classes);
  }
}
