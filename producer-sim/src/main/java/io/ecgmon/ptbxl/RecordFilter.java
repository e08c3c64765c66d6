package io.ecgmon.ptbxl;

import java.util.Set;
import java.util.function.Predicate;

/**
 * Which catalog records to use: folds, ecg ids and superclasses; an empty set does not filter. A record
 * passes the class filter when it has any of the classes.
 */
public record RecordFilter(Set<Integer> folds, Set<Integer> ecgIds, Set<String> classes)
    implements Predicate<PtbxlRecord> {

  public static final RecordFilter ALL = new RecordFilter(Set.of(), Set.of(), Set.of());

  public RecordFilter {
    folds = Set.copyOf(folds);
    ecgIds = Set.copyOf(ecgIds);
    classes = Set.copyOf(classes);
    for (String c : classes) {
      if (!Superclasses.ALL.contains(c)) {
        throw new IllegalArgumentException("unknown class '" + c + "' (one of " + Superclasses.ALL + ")");
      }
    }
  }

  @Override
  public boolean test(PtbxlRecord r) {
    return (folds.isEmpty() || folds.contains(r.strategyFold()))
        && (ecgIds.isEmpty() || ecgIds.contains(r.ecgId()))
        && (classes.isEmpty() || r.superclasses().stream().anyMatch(classes::contains));
  }
}
