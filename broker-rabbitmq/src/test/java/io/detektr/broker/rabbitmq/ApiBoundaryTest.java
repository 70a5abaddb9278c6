package io.detektr.broker.rabbitmq;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The public package exposes neither amqp-client nor internal types, and nothing else uses it. */
class ApiBoundaryTest {
  private final JavaClasses classes =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("io.detektr.broker.rabbitmq");

  @Test
  void publicPackageDoesNotDependOnTheDriver() {
    noClasses()
        .that()
        .resideInAPackage("io.detektr.broker.rabbitmq")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("com.rabbitmq..")
        .check(classes);
  }
}
