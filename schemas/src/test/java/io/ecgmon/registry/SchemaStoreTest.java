package io.ecgmon.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

class SchemaStoreTest {

  static final Schema V1 = SchemaStore.parse(
      "{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"a\",\"type\":\"string\"}]}");
  static final Schema V2 = SchemaStore.parse("{\"type\":\"record\",\"name\":\"R\",\"fields\":["
      + "{\"name\":\"a\",\"type\":\"string\"},{\"name\":\"b\",\"type\":[\"null\",\"int\"],\"default\":null}]}");
  static final Schema BREAKING = SchemaStore.parse("{\"type\":\"record\",\"name\":\"R\",\"fields\":["
      + "{\"name\":\"a\",\"type\":\"string\"},{\"name\":\"c\",\"type\":\"int\"}]}");

  MockSchemaRegistry registry() {
    String scope = "store-" + System.nanoTime();
    return MockSchemaRegistry.forScope(scope);
  }

  @Test
  void idsAreGlobalAndContentAddressed() {
    MockSchemaRegistry r = registry();
    int a = r.register("x-value", V1);
    int b = r.register("y-value", V1);
    int c = r.register("x-value", V2);
    assertThat(a).isEqualTo(b);
    assertThat(c).isNotEqualTo(a);
    assertThat(r.register("x-value", V1)).isEqualTo(a);
    assertThat(r.versions("x-value")).containsExactly(1, 2);
    assertThat(r.getLatest("x-value").id()).isEqualTo(c);
  }

  @Test
  void backwardIsTheDefaultAndBlocksBreakingChanges() {
    MockSchemaRegistry r = registry();
    r.register("x-value", V1);
    assertThat(r.isCompatible("x-value", BREAKING)).isFalse();
    assertThatThrownBy(() -> r.register("x-value", BREAKING)).isInstanceOfSatisfying(RegistryException.class,
        e -> assertThat(e.errorCode()).isEqualTo(409));
    r.setCompatibility("x-value", CompatibilityLevel.NONE);
    assertThat(r.register("x-value", BREAKING)).isPositive();
    assertThat(r.getCompatibility(null)).isEqualTo(CompatibilityLevel.BACKWARD);
  }

  @Test
  void notFoundErrorsCarryConfluentCodes() {
    MockSchemaRegistry r = registry();
    assertThatThrownBy(() -> r.getLatest("nope")).isInstanceOfSatisfying(RegistryException.class,
        e -> assertThat(e.errorCode()).isEqualTo(40401));
    r.register("x-value", V1);
    assertThatThrownBy(() -> r.getVersion("x-value", 5)).isInstanceOfSatisfying(RegistryException.class,
        e -> assertThat(e.errorCode()).isEqualTo(40402));
    assertThatThrownBy(() -> r.getById(12345)).isInstanceOfSatisfying(RegistryException.class,
        e -> assertThat(e.errorCode()).isEqualTo(40403));
    assertThatThrownBy(() -> SchemaStore.parse("{not json")).isInstanceOfSatisfying(RegistryException.class,
        e -> assertThat(e.errorCode()).isEqualTo(42201));
    assertThatThrownBy(() -> CompatibilityLevel.parse("SIDEWAYS")).isInstanceOfSatisfying(RegistryException.class,
        e -> assertThat(e.errorCode()).isEqualTo(42203));
  }

  @Test
  void transitiveLevelsCheckEveryVersion() {
    Schema v3 = SchemaStore.parse("{\"type\":\"record\",\"name\":\"R\",\"fields\":["
        + "{\"name\":\"b\",\"type\":[\"null\",\"int\"],\"default\":null}]}");
    MockSchemaRegistry r = registry();
    r.setCompatibility("x-value", CompatibilityLevel.FORWARD_TRANSITIVE);
    r.register("x-value", V1);
    r.register("x-value", V2);
    // v3 drops 'a': v1/v2 readers (forward) cannot read it, since 'a' has no default
    assertThat(r.isCompatible("x-value", v3)).isFalse();
  }

  @Test
  void replayingALogIsIdempotent() {
    SchemaStore store = new SchemaStore();
    RegisteredSchema r = store.plan("x-value", V1).schema();
    store.apply(r);
    store.apply(r);
    assertThat(store.versions("x-value")).containsExactly(1);
    assertThat(store.plan("x-value", V2).schema().id()).isEqualTo(r.id() + 1);
  }
}
