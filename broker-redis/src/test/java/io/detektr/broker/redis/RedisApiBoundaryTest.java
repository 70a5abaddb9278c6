package io.detektr.broker.redis;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Lettuce stays inside the provider's internal package")
class RedisApiBoundaryTest {
  private static final JavaClasses CLASSES =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("io.detektr.broker");

  @Test
  @DisplayName("no class outside internal packages depends on Lettuce or Netty")
  void noLettuceOutsideInternal() {
    noClasses()
        .that()
        .resideOutsideOfPackage("..internal..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.lettuce..", "io.netty..")
        .check(CLASSES);
  }

  @Test
  @DisplayName("no public type outside internal packages exposes an internal type")
  void internalTypesStayInternal() {
    noClasses()
        .that()
        .resideOutsideOfPackage("..internal..")
        .and()
        .arePublic()
        .should()
        .dependOnClassesThat()
        .resideInAPackage("io.detektr.broker.redis.internal..")
        .check(CLASSES);
  }
}
