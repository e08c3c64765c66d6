package io.ecgmon.replay;

import io.ecgmon.ptbxl.PtbxlCatalog;
import io.ecgmon.ptbxl.PtbxlRecord;
import io.ecgmon.ptbxl.RecordFilter;
import io.ecgmon.wfdb.SignalSpec;
import io.ecgmon.wfdb.WfdbException;
import io.ecgmon.wfdb.WfdbReader;
import io.ecgmon.wfdb.WfdbRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PTB-XL patients as feeds: the selected records grouped by PTB-XL patient, each patient's records in
 * ecg-id order, played back to back (and again from the first when {@code loop}). Patient ids are
 * pseudonyms {@code ptbxl-<patient_id>}; when more feeds are asked for than there are patients, patients
 * are reused as {@code ptbxl-<patient_id>-2}, {@code -3}, ...
 */
public final class PtbxlPatients {

  private static final Logger log = LoggerFactory.getLogger(PtbxlPatients.class);

  private PtbxlPatients() {}

  public static List<PatientSource> of(PtbxlCatalog catalog, RecordFilter filter, int rateHz, int count, long seed,
      boolean loop) throws IOException {
    List<PtbxlRecord> selected = catalog.select(filter);
    List<PtbxlRecord> present = selected.stream()
        .filter(r -> Files.isRegularFile(catalog.root().resolve(r.filename(rateHz) + ".hea"))).toList();
    if (present.size() < selected.size()) {
      log.info("{} of {} selected records have no {} Hz files under {}; skipped", selected.size() - present.size(),
          selected.size(), rateHz, catalog.root());
    }
    if (present.isEmpty()) {
      throw new IOException("no " + rateHz + " Hz record of the selection is under " + catalog.root()
          + " (" + selected.size() + " selected in " + catalog.source() + ")");
    }
    Map<Long, List<PtbxlRecord>> byPatient = new LinkedHashMap<>();
    for (PtbxlRecord r : present) {
      byPatient.computeIfAbsent(r.patientId(), k -> new ArrayList<>()).add(r);
    }
    List<Long> patients = new ArrayList<>(byPatient.keySet());
    Collections.shuffle(patients, new Random(seed));
    List<PatientSource> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      long pid = patients.get(i % patients.size());
      int copy = i / patients.size() + 1;
      String id = "ptbxl-" + pid + (copy > 1 ? "-" + copy : "");
      out.add(new Source(id, catalog, byPatient.get(pid), rateHz, loop));
    }
    return out;
  }

  /** One record as a feed record: lead names canonical, gains per mV, labels and demographics from the catalog. */
  public static FeedRecord feedRecord(Path path, int rateHz, List<String> labels, FeedRecord.Demographics demo)
      throws IOException {
    WfdbRecord rec = WfdbReader.read(path);
    String name = rec.header().recordName() + ".hea";
    if (rec.header().samplingFrequency() != rateHz) {
      throw new WfdbException(name + ": sampling frequency " + rec.header().samplingFrequency() + " Hz, expected "
          + rateHz + " Hz");
    }
    int n = rec.header().numberOfSignals();
    float[] gain = new float[n];
    int[] baseline = new int[n];
    for (int s = 0; s < n; s++) {
      SignalSpec spec = rec.header().signals().get(s);
      gain[s] = (float) (spec.gain() * unitsPerMv(spec, name));
      baseline[s] = spec.baseline();
    }
    return new FeedRecord(rec.header().recordName(), rateHz, LeadNames.canonical(rec.header().signalNames()), gain,
        baseline, rec.counts(), labels, demo);
  }

  /** How many of the signal's units make a mV (the gain is per unit). */
  private static double unitsPerMv(SignalSpec spec, String file) throws WfdbException {
    return switch (spec.units().toLowerCase(Locale.ROOT)) {
      case "mv" -> 1;
      case "uv", "µv" -> 1000;
      case "v" -> 0.001;
      default -> throw new WfdbException(file + ": signal " + spec.description() + " has units '" + spec.units()
          + "', not a voltage (mV, uV or V)");
    };
  }

  private static final class Source implements PatientSource {
    private final String id;
    private final PtbxlCatalog catalog;
    private final List<PtbxlRecord> records;
    private final int rateHz;
    private final boolean loop;
    private int next;

    Source(String id, PtbxlCatalog catalog, List<PtbxlRecord> records, int rateHz, boolean loop) {
      this.id = id;
      this.catalog = catalog;
      this.records = records;
      this.rateHz = rateHz;
      this.loop = loop;
    }

    @Override
    public String patientId() {
      return id;
    }

    private FeedRecord first;

    @Override
    public void prepare() throws IOException {
      if (first == null && next == 0) {
        first = nextRecord();
      }
    }

    @Override
    public FeedRecord nextRecord() throws IOException {
      if (first != null) {
        FeedRecord r = first;
        first = null;
        return r;
      }
      if (next >= records.size()) {
        if (!loop) {
          return null;
        }
        next = 0;
      }
      PtbxlRecord r = records.get(next++);
      return feedRecord(catalog.recordPath(r, rateHz), rateHz, r.superclasses(),
          new FeedRecord.Demographics(r.ageOrNull(), r.sex(), r.heightCm(), r.weightKg()));
    }
  }
}
