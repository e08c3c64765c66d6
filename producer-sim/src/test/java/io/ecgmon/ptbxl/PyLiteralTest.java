package io.ecgmon.ptbxl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PyLiteralTest {

  @Test
  void dictionariesAndListsAsPandasWritesThem() {
    assertThat(PyLiteral.dictOfNumbers("{'NORM': 100.0, 'LVOLT': 0.0, 'SR': 0.0}"))
        .containsExactly(java.util.Map.entry("NORM", 100.0), java.util.Map.entry("LVOLT", 0.0),
            java.util.Map.entry("SR", 0.0));
    assertThat(PyLiteral.dictOfNumbers("{}")).isEmpty();
    assertThat(PyLiteral.dictOfNumbers(" {\"IMI\": 15, 'X': -1e2,} ")).containsEntry("IMI", 15.0)
        .containsEntry("X", -100.0);
    assertThat(PyLiteral.listOfStrings("['MI', 'STTC']")).containsExactly("MI", "STTC");
    assertThat(PyLiteral.listOfStrings("[]")).isEmpty();
    assertThat(PyLiteral.listOfStrings("")).isEmpty();
    assertThat(PyLiteral.listOfStrings("['it\\'s']")).containsExactly("it's");
  }

  @Test
  void errorsSayWhere() {
    assertThatThrownBy(() -> PyLiteral.dictOfNumbers("{'NORM' 100.0}")).hasMessage("expected ':' at character 9");
    assertThatThrownBy(() -> PyLiteral.dictOfNumbers("['NORM']")).hasMessage("not a dictionary");
    assertThatThrownBy(() -> PyLiteral.dictOfNumbers("{'NORM': 'high'}")).hasMessageContaining("expected 'code': number");
    assertThatThrownBy(() -> PyLiteral.listOfStrings("['NORM'")).hasMessage("expected ']' at character 8");
    assertThatThrownBy(() -> PyLiteral.listOfStrings("['NORM'] x")).hasMessageContaining("unexpected text");
    assertThatThrownBy(() -> PyLiteral.listOfStrings("[NORM]")).hasMessage("expected a value at character 2");
  }
}
