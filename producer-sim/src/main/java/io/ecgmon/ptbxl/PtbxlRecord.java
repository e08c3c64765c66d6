package io.ecgmon.ptbxl;

import java.util.List;
import java.util.Map;

/**
 * One PTB-XL record from a catalog table.
 *
 * @param ecgId PTB-XL's record id
 * @param patientId PTB-XL's patient id
 * @param ageYears age as coded (PTB-XL 1.0.3 codes "over 89" as 300), or null
 * @param sex 0 male, 1 female, or null
 * @param heightCm height, or null
 * @param weightKg weight, or null
 * @param strategyFold {@code strat_fold}, 1..10
 * @param filenameLr the 100 Hz record, relative to the dataset root, without extension
 * @param filenameHr the 500 Hz record, likewise
 * @param superclasses diagnostic superclasses, in {@link Superclasses#ALL} order (may be empty)
 * @param scpCodes SCP codes with their likelihood (empty when read from a label table)
 */
public record PtbxlRecord(int ecgId, long patientId, Float ageYears, Integer sex, Float heightCm, Float weightKg,
    int strategyFold, String filenameLr, String filenameHr, List<String> superclasses, Map<String, Double> scpCodes) {

  public PtbxlRecord {
    superclasses = List.copyOf(superclasses);
    scpCodes = Map.copyOf(scpCodes);
  }

  /** The record's file for a sample rate: 100 -> filename_lr, 500 -> filename_hr. */
  public String filename(int rateHz) {
    return switch (rateHz) {
      case 100 -> filenameLr;
      case 500 -> filenameHr;
      default -> throw new IllegalArgumentException("PTB-XL has 100 and 500 Hz records, not " + rateHz);
    };
  }

  /** Age in years, with PTB-XL's "over 89" code (300) read as 90; null when unknown. */
  public Float ageOrNull() {
    if (ageYears == null) {
      return null;
    }
    return ageYears >= 300 ? 90f : ageYears;
  }
}
