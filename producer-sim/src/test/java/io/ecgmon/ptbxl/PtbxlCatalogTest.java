package io.ecgmon.ptbxl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The catalog on small hand-written excerpts in both table formats (src/test/resources/ptbxl). */
class PtbxlCatalogTest {

  @TempDir
  Path tmp;

  static Path resource(String name) throws URISyntaxException {
    return Path.of(PtbxlCatalogTest.class.getResource("/ptbxl/" + name).toURI());
  }

  @Test
  void officialTableDerivesSuperclassesTheStandardWay() throws Exception {
    PtbxlCatalog c = PtbxlCatalog.load(resource("official"));
    assertThat(c.source()).isEqualTo("ptbxl_database.csv");
    assertThat(c.records()).extracting(PtbxlRecord::ecgId).containsExactly(11, 12, 13, 14, 15);
    Map<Integer, PtbxlRecord> byId = new java.util.HashMap<>();
    c.records().forEach(r -> byId.put(r.ecgId(), r));

    assertThat(byId.get(11).superclasses()).containsExactly("NORM");
    // form statements (ABQRS) and rhythm (SR) are not diagnostic
    assertThat(byId.get(12).superclasses()).containsExactly("MI");
    // a diagnostic code counts whatever its likelihood (ISCAL at 0.0), in label order
    assertThat(byId.get(13).superclasses()).containsExactly("STTC", "CD");
    assertThat(byId.get(14).superclasses()).isEmpty();
    // STD_ is a form statement, not diagnostic
    assertThat(byId.get(15).superclasses()).containsExactly("HYP");

    PtbxlRecord r = byId.get(12);
    assertThat(r.patientId()).isEqualTo(502);
    assertThat(r.ageYears()).isEqualTo(300f);
    assertThat(r.ageOrNull()).isEqualTo(90f);
    assertThat(r.sex()).isZero();
    assertThat(r.heightCm()).isEqualTo(181f);
    assertThat(r.strategyFold()).isEqualTo(9);
    assertThat(r.scpCodes()).containsEntry("IMI", 50.0).containsEntry("ABQRS", 0.0).hasSize(3);
    assertThat(r.filename(100)).isEqualTo("records100/00000/00012_lr");
    assertThat(r.filename(500)).isEqualTo("records500/00000/00012_hr");
    assertThat(byId.get(14).ageYears()).isNull();
    assertThat(byId.get(14).sex()).isNull();
    assertThat(byId.get(15).weightKg()).isNull();
    assertThat(c.recordPath(r, 100)).isEqualTo(resource("official").resolve("records100/00000/00012_lr"));
  }

  @Test
  void labelTableWithMetadata() throws Exception {
    PtbxlCatalog c = PtbxlCatalog.load(resource("labels"));
    assertThat(c.source()).isEqualTo("ptbxl_labels.csv");
    assertThat(c.records()).extracting(PtbxlRecord::ecgId).containsExactly(21, 22, 23, 24);
    PtbxlRecord r22 = c.records().get(1);
    assertThat(r22.superclasses()).containsExactly("MI", "STTC");
    assertThat(r22.patientId()).isEqualTo(902);
    assertThat(r22.ageOrNull()).isEqualTo(90f);
    assertThat(r22.heightCm()).isEqualTo(175f);
    assertThat(r22.weightKg()).isNull();
    assertThat(r22.scpCodes()).isEmpty();
    assertThat(c.records().get(2).superclasses()).isEmpty();
    // no metadata row for 23
    assertThat(c.records().get(2).ageYears()).isNull();
    assertThat(c.records().get(0).sex()).isEqualTo(1);
  }

  @Test
  void labelTableWithoutMetadata() throws Exception {
    Files.copy(resource("labels").resolve("ptbxl_labels.csv"), tmp.resolve("ptbxl_labels.csv"));
    PtbxlCatalog c = PtbxlCatalog.load(tmp);
    assertThat(c.records()).hasSize(4).allSatisfy(r -> assertThat(r.ageYears()).isNull());
  }

  @Test
  void filtersByFoldIdsAndClass() throws Exception {
    PtbxlCatalog c = PtbxlCatalog.load(resource("official"));
    assertThat(c.select(RecordFilter.ALL)).hasSize(5);
    assertThat(c.select(new RecordFilter(Set.of(4), Set.of(), Set.of()))).extracting(PtbxlRecord::ecgId)
        .containsExactly(11, 14);
    assertThat(c.select(new RecordFilter(Set.of(), Set.of(12, 15, 99), Set.of()))).extracting(PtbxlRecord::ecgId)
        .containsExactly(12, 15);
    assertThat(c.select(new RecordFilter(Set.of(), Set.of(), Set.of("CD", "MI")))).extracting(PtbxlRecord::ecgId)
        .containsExactly(12, 13);
    assertThat(c.select(new RecordFilter(Set.of(9, 10), Set.of(), Set.of("CD")))).extracting(PtbxlRecord::ecgId)
        .containsExactly(13);
    assertThatThrownBy(() -> new RecordFilter(Set.of(), Set.of(), Set.of("AFIB")))
        .hasMessageContaining("unknown class 'AFIB'");
  }

  @Test
  void malformedCellsNameFileLineRecordAndColumn() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("bad"));
    Files.copy(resource("official").resolve("scp_statements.csv"), dir.resolve("scp_statements.csv"));
    String good = Files.readString(resource("official").resolve("ptbxl_database.csv"));
    Files.writeString(dir.resolve("ptbxl_database.csv"), good.replace("\"{'NORM': 100.0, 'SR': 0.0}\"",
        "\"{'NORM': 100.0 'SR': 0.0}\""));
    assertThatThrownBy(() -> PtbxlCatalog.load(dir)).isInstanceOf(CatalogException.class)
        .hasMessageStartingWith("ptbxl_database.csv line 2 (ecg_id 11), column scp_codes '{'NORM': 100.0 'SR': 0.0}': "
            + "not a Python dict literal");

    Files.writeString(dir.resolve("ptbxl_database.csv"), good.replace(",9,records100/00000/00012_lr", ",nine,records100/00000/00012_lr"));
    assertThatThrownBy(() -> PtbxlCatalog.load(dir)).isInstanceOf(CatalogException.class)
        .hasMessage("ptbxl_database.csv line 3 (ecg_id 12), column strat_fold 'nine': not a number");

    Files.writeString(dir.resolve("ptbxl_database.csv"), good.replace("ecg_id,patient_id,age", "id,patient_id,age"));
    assertThatThrownBy(() -> PtbxlCatalog.load(dir)).isInstanceOf(CatalogException.class)
        .hasMessageStartingWith("ptbxl_database.csv: no column 'ecg_id'");

    Files.delete(dir.resolve("scp_statements.csv"));
    assertThatThrownBy(() -> PtbxlCatalog.load(dir)).isInstanceOf(CatalogException.class)
        .hasMessageContaining("scp_statements.csv: missing");
  }

  @Test
  void malformedLabelTableCells() throws Exception {
    Files.writeString(tmp.resolve("ptbxl_labels.csv"),
        "ecg_id,patient_id,strat_fold,filename_lr,filename_hr,super_class\n"
            + "1,5.0,1,a_lr,a_hr,['NORM']\n"
            + "2,5.0,1,b_lr,b_hr,['NORMAL']\n");
    assertThatThrownBy(() -> PtbxlCatalog.load(tmp)).isInstanceOf(CatalogException.class)
        .hasMessage("ptbxl_labels.csv line 3 (ecg_id 2), column super_class '['NORMAL']': "
            + "'NORMAL' is not one of [NORM, MI, STTC, CD, HYP]");
  }

  @Test
  void aFolderWithNeitherTable() {
    assertThatThrownBy(() -> PtbxlCatalog.load(tmp)).isInstanceOf(CatalogException.class)
        .hasMessageContaining("neither ptbxl_database.csv nor ptbxl_labels.csv");
  }
}
