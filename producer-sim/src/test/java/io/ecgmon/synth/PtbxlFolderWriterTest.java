package io.ecgmon.synth;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecgmon.ptbxl.PtbxlCatalog;
import io.ecgmon.ptbxl.PtbxlRecord;
import io.ecgmon.ptbxl.RecordFilter;
import io.ecgmon.wfdb.WfdbReader;
import io.ecgmon.wfdb.WfdbRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `synth` writes a folder the project's catalog and WFDB reader (and so PTB-XL tools) take as PTB-XL. */
class PtbxlFolderWriterTest {

  @TempDir
  Path tmp;

  @Test
  void aPtbXlShapedFolder() throws Exception {
    PtbxlFolderWriter.Spec spec = new PtbxlFolderWriter.Spec(12, 5, PtbxlFolderWriter.allVariants(), true, true,
        10, 1.0, List.of());
    List<PtbxlFolderWriter.Written> written = PtbxlFolderWriter.write(tmp, spec, i -> { });

    assertThat(Files.readAllLines(tmp.resolve("ptbxl_database.csv")).get(0).split(",")).hasSize(28);
    PtbxlCatalog c = PtbxlCatalog.load(tmp);
    assertThat(c.source()).isEqualTo("ptbxl_database.csv");
    assertThat(c.records()).hasSize(12);
    // classes in turn, each record labelled with its class only
    assertThat(c.records()).extracting(r -> r.superclasses().get(0))
        .containsExactly("NORM", "MI", "STTC", "CD", "HYP", "NORM", "MI", "STTC", "CD", "HYP", "NORM", "MI");
    assertThat(c.records()).allSatisfy(r -> assertThat(r.superclasses()).hasSize(1));
    assertThat(c.records()).extracting(PtbxlRecord::strategyFold).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 1, 2);
    assertThat(c.select(new RecordFilter(Set.of(), Set.of(), Set.of("CD")))).hasSize(2);

    PtbxlRecord r = c.records().get(3);
    assertThat(r.filenameLr()).isEqualTo("records100/00000/00004_lr");
    WfdbRecord lr = WfdbReader.read(c.recordPath(r, 100));
    WfdbRecord hr = WfdbReader.read(c.recordPath(r, 500));
    assertThat(lr.header().samplingFrequency()).isEqualTo(100);
    assertThat(lr.numberOfSamples()).isEqualTo(1000);
    assertThat(hr.numberOfSamples()).isEqualTo(5000);
    assertThat(lr.header().signalNames()).containsExactly("I", "II", "III", "AVR", "AVL", "AVF", "V1", "V2", "V3",
        "V4", "V5", "V6");
    assertThat(lr.header().signals()).allSatisfy(s -> {
      assertThat(s.gain()).isEqualTo(1000);
      assertThat(s.baseline()).isZero();
      assertThat(s.checksum()).isNotNull();
    });
    assertThat(r.ageYears()).isEqualTo(written.get(3).profile().ageYears());
    assertThat(r.sex()).isEqualTo(written.get(3).profile().sex());
  }

  @Test
  void sameSeedSameFilesWhateverTheThreading() throws Exception {
    PtbxlFolderWriter.Spec spec = new PtbxlFolderWriter.Spec(6, 9, List.of(EcgClass.Variant.RBBB,
        EcgClass.Variant.NORMAL), true, false, 5, 1.0, List.of(3));
    PtbxlFolderWriter.write(tmp.resolve("a"), spec, i -> { });
    PtbxlFolderWriter.write(tmp.resolve("b"), spec, i -> { });
    for (int id = 1; id <= 6; id++) {
      String f = PtbxlFolderWriter.filename(id, 100) + ".dat";
      assertThat(Files.readAllBytes(tmp.resolve("a").resolve(f))).isEqualTo(Files.readAllBytes(tmp.resolve("b").resolve(f)));
    }
    assertThat(Files.exists(tmp.resolve("a/records500"))).isFalse();
    assertThat(PtbxlCatalog.load(tmp.resolve("a")).records()).allSatisfy(r -> assertThat(r.strategyFold()).isEqualTo(3));
    PtbxlFolderWriter.Spec other = new PtbxlFolderWriter.Spec(6, 10, spec.variants(), true, false, 5, 1.0, List.of());
    PtbxlFolderWriter.write(tmp.resolve("c"), other, i -> { });
    String f = PtbxlFolderWriter.filename(1, 100) + ".dat";
    assertThat(Files.readAllBytes(tmp.resolve("c").resolve(f))).isNotEqualTo(Files.readAllBytes(tmp.resolve("a").resolve(f)));
  }
}
