package io.ecgmon.cli.alerts;

import io.ecgmon.avro.Alert;
import io.ecgmon.avro.AlertKind;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Which alerts a subscriber sees. Empty sets mean "any". A class filter matches an alert that names
 * one of the classes; a RESOLVED alert names none, so it matches when the same patient's previous
 * alert matched (the subscriber who saw the onset also sees it end). Not thread-safe: one per stream.
 */
public final class AlertFilter implements Predicate<Alert> {

  private final Set<String> patients;
  private final Set<String> classes;
  private final Set<AlertKind> kinds;
  private final float minConfidence;
  private final Set<String> openForClasses = new HashSet<>();

  public AlertFilter(Set<String> patients, Set<String> classes, Set<AlertKind> kinds, float minConfidence) {
    this.patients = Set.copyOf(patients);
    this.classes = classes.stream().map(c -> c.toUpperCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
    this.kinds = Set.copyOf(kinds);
    this.minConfidence = minConfidence;
  }

  public static AlertFilter all() {
    return new AlertFilter(Set.of(), Set.of(), Set.of(), 0f);
  }

  /** True when the patient filter lets this patient through (used for classifications and strips too). */
  public boolean patientMatches(String patientId) {
    return patients.isEmpty() || patients.contains(patientId);
  }

  @Override
  public boolean test(Alert alert) {
    if (!patientMatches(alert.getPatientId())) {
      return false;
    }
    boolean classOk = classes.isEmpty() || classMatches(alert);
    if (!classOk || (!kinds.isEmpty() && !kinds.contains(alert.getKind()))) {
      return false;
    }
    return alert.getConfidence() >= minConfidence;
  }

  private boolean classMatches(Alert alert) {
    String patient = alert.getPatientId();
    if (alert.getKind() == AlertKind.RESOLVED) {
      return openForClasses.remove(patient);
    }
    boolean named = alert.getClasses().stream().anyMatch(c -> classes.contains(c.toUpperCase(Locale.ROOT)));
    if (named) {
      openForClasses.add(patient);
    } else {
      openForClasses.remove(patient);
    }
    return named;
  }
}
