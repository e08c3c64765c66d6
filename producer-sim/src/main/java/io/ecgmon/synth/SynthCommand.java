package io.ecgmon.synth;

import io.ecgmon.synth.EcgClass.Variant;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code synth}: writes a PTB-XL-shaped folder of synthetic 12-lead ECGs. */
@Command(name = "synth", mixinStandardHelpOptions = true, version = "ecgmon synth 0.1.0",
    description = "Writes a PTB-XL-shaped folder of synthetic 12-lead ECGs (ECGSYN dynamical model, class "
        + "morphologies NORM/MI/STTC/CD/HYP, heart-rate variability, baseline wander, mains and muscle noise): "
        + "records100/ and records500/ (WFDB format 16, gain 1000/mV), ptbxl_database.csv (official "
        + "28-column format, strat_fold 1-10 in turn) and scp_statements.csv. Deterministic by --seed.")
public final class SynthCommand implements Callable<Integer> {

  @Option(names = "--out", required = true, description = "Folder to write (created if missing).")
  Path out;

  @Option(names = "--records", defaultValue = "100", description = "Number of records (default ${DEFAULT-VALUE}).")
  int records;

  @Option(names = "--seed", defaultValue = "1", description = "Random seed (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--class", split = ",", paramLabel = "CLASS",
      description = "Classes to make, in turn (default all: NORM,MI,STTC,CD,HYP).")
  List<EcgClass> classes = new ArrayList<>();

  @Option(names = "--variant", split = ",", paramLabel = "VARIANT",
      description = "Morphology variants instead of whole classes: ${COMPLETION-CANDIDATES}.")
  List<Variant> variants = new ArrayList<>();

  @Option(names = "--rate", defaultValue = "both",
      description = "100, 500 or both (default ${DEFAULT-VALUE}): which of records100/records500 to write.")
  String rate;

  @Option(names = "--seconds", defaultValue = "10", description = "Length of each record (default ${DEFAULT-VALUE}).")
  int seconds;

  @Option(names = "--noise", defaultValue = "1.0",
      description = "Noise scale: 0 = clean, 1 = typical (default ${DEFAULT-VALUE}).")
  double noise;

  @Option(names = "--fold", split = ",", paramLabel = "FOLD",
      description = "strat_fold values to assign in turn (default 1..10).")
  List<Integer> folds = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    List<Variant> chosen = new ArrayList<>(variants);
    if (chosen.isEmpty()) {
      for (EcgClass c : classes.isEmpty() ? List.of(EcgClass.values()) : classes) {
        chosen.addAll(c.variants());
      }
    }
    boolean r100 = rate.equals("100") || rate.equals("both");
    boolean r500 = rate.equals("500") || rate.equals("both");
    if (!r100 && !r500) {
      throw new CommandLine.ParameterException(new CommandLine(this), "--rate must be 100, 500 or both");
    }
    PtbxlFolderWriter.Spec spec = new PtbxlFolderWriter.Spec(records, seed, chosen, r100, r500, seconds, noise, folds);
    AtomicInteger done = new AtomicInteger();
    long start = System.nanoTime();
    PtbxlFolderWriter.write(out, spec, i -> {
      int d = done.incrementAndGet();
      if (d % 100 == 0 || d == records) {
        System.err.printf("\rsynth: %d/%d records", d, records);
      }
    });
    System.err.printf("%nsynth: wrote %d records to %s in %.1f s%n", records, out, (System.nanoTime() - start) / 1e9);
    return 0;
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new SynthCommand()).setCaseInsensitiveEnumValuesAllowed(true).execute(args));
  }
}
