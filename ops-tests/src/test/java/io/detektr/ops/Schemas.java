package io.detektr.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/** YAML files read as JSON trees and validated against the schema copies in test resources. */
final class Schemas {
  static final String COMPOSE = "/schemas/compose-spec.json";
  static final String WORKFLOW = "/schemas/github-workflow.json";
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private Schemas() {}

  static JsonNode yaml(String text) {
    try {
      return YAML.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException("not valid YAML", e);
    }
  }

  /** Every violation of the schema (empty when valid), as "path: message" lines. */
  static List<String> violations(String schemaResource, JsonNode document) {
    if (Schemas.class.getResource(schemaResource) == null) {
      throw new IllegalStateException(schemaResource + " is missing from test resources");
    }
    // loaded by location so that a relative "$id" (compose_spec.json) resolves against it
    Schema schema =
        SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7)
            .getSchema(SchemaLocation.of("classpath:" + schemaResource.substring(1)));
    List<Error> errors = schema.validate(document);
    return errors.stream().map(e -> e.getInstanceLocation() + ": " + e.getMessage()).toList();
  }
}
