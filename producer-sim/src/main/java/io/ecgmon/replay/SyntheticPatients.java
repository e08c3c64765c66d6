package io.ecgmon.replay;

import io.ecgmon.synth.EcgClass;
import io.ecgmon.synth.EcgClass.Variant;
import io.ecgmon.synth.Lead;
import io.ecgmon.synth.Seeds;
import io.ecgmon.synth.SynthProfile;
import io.ecgmon.synth.SyntheticEcg;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Synthetic patients as feeds: patient {@code i} is {@code synth-<i+1, 4 digits>}, of the classes given
 * in turn, with its own seeded profile; its ECG is one continuous synthetic stream, handed out in
 * chunks of {@code chunkSeconds} (small chunks spread the generator's work evenly over a live run).
 */
public final class SyntheticPatients {

  private SyntheticPatients() {}

  /**
   * @param variants morphology variants to deal out in turn (by class, then variant)
   * @param chunksPerPatient chunks per patient, 0 for endless
   */
  public static List<PatientSource> of(int count, long seed, int rateHz, List<Variant> variants, int chunkSeconds,
      double noiseScale, int chunksPerPatient) {
    List<EcgClass> classes = variants.stream().map(EcgClass::of).distinct().toList();
    List<PatientSource> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      EcgClass c = classes.get(i % classes.size());
      List<Variant> mine = variants.stream().filter(v -> EcgClass.of(v) == c).toList();
      Variant v = mine.get((i / classes.size()) % mine.size());
      out.add(new Source(String.format(Locale.ROOT, "synth-%04d", i + 1), Seeds.of(seed, i + 1), v, rateHz,
          chunkSeconds, noiseScale, chunksPerPatient));
    }
    return out;
  }

  private static final class Source implements PatientSource {
    private static final List<String> LEADS = Lead.STANDARD.stream().map(Lead::name).toList();
    private final String id;
    private final long seed;
    private final Variant variant;
    private final int rateHz;
    private final int recordSeconds;
    private final double noiseScale;
    private final int limit;
    private SyntheticEcg ecg;
    private FeedRecord.Demographics demographics;
    private int played;

    Source(String id, long seed, Variant variant, int rateHz, int recordSeconds, double noiseScale, int limit) {
      this.id = id;
      this.seed = seed;
      this.variant = variant;
      this.rateHz = rateHz;
      this.recordSeconds = recordSeconds;
      this.noiseScale = noiseScale;
      this.limit = limit;
    }

    @Override
    public String patientId() {
      return id;
    }

    @Override
    public void prepare() {
      if (ecg == null) {
        SynthProfile p = SynthProfile.random(variant, noiseScale, new SplittableRandom(seed));
        ecg = new SyntheticEcg(p, Seeds.of(seed, 1), rateHz);
        demographics = new FeedRecord.Demographics(p.ageYears(), p.sex(), p.heightCm(), p.weightKg());
      }
    }

    @Override
    public FeedRecord nextRecord() {
      if (limit > 0 && played >= limit) {
        return null;
      }
      prepare();
      played++;
      short[][] counts = SyntheticEcg.toCounts(ecg.next(recordSeconds * rateHz), 1000);
      float[] gain = new float[12];
      Arrays.fill(gain, 1000f);
      return new FeedRecord(id + "/r" + played, rateHz, LEADS, gain, new int[12], counts,
          List.of(ecg.profile().ecgClass().name()), demographics);
    }
  }
}
