package io.ecgmon.deadletter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ecgmon.registry.RegistryException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class RegistryUnavailableExceptionTest {

  static SerializationException failure(int status, int code) {
    return new SerializationException("topic t: schema registry error", new RegistryException(status, code, "x"));
  }

  @Test
  void theRegistryNotAnsweringIsTellingApartFromAnUnknownSchema() {
    assertThat(RegistryUnavailableException.isCause(failure(503, RegistryException.STORE_ERROR))).isTrue();
    assertThat(RegistryUnavailableException.isCause(failure(500, RegistryException.STORE_ERROR))).isTrue();
    assertThat(RegistryUnavailableException.isCause(failure(401, 40101))).isTrue();
    assertThat(RegistryUnavailableException.isCause(failure(404, RegistryException.SCHEMA_NOT_FOUND))).isFalse();
    assertThat(RegistryUnavailableException.isCause(new SerializationException("truncated payload"))).isFalse();
  }

  @Test
  void aBlipIsWaitedForAndOtherFailuresPassAtOnce() {
    AtomicInteger calls = new AtomicInteger();
    String value = RegistryUnavailableException.retrying("test", () -> {
      if (calls.incrementAndGet() < 3) {
        throw failure(503, RegistryException.STORE_ERROR);
      }
      return "decoded";
    });
    assertThat(value).isEqualTo("decoded");
    assertThat(calls).hasValue(3);

    calls.set(0);
    assertThatThrownBy(() -> RegistryUnavailableException.retrying("test", () -> {
      calls.incrementAndGet();
      throw failure(404, RegistryException.SCHEMA_NOT_FOUND);
    })).isInstanceOf(SerializationException.class);
    assertThat(calls).as("an unknown schema is not retried").hasValue(1);
  }
}
