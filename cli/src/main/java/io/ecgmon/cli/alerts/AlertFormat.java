package io.ecgmon.cli.alerts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ecgmon.avro.Alert;
import java.io.UncheckedIOException;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** How {@code ecgmon alerts} prints one alert: a human line or a JSON line. */
public enum AlertFormat {
  /** {@code 2026-11-25 14:03:12.345Z  p-0042        ONSET     MI,STTC         0.91}. */
  human {
    @Override
    public String format(Alert a) {
      String classes = a.getClasses().isEmpty() ? "-" : String.join(",", a.getClasses());
      return String.format(Locale.ROOT, "%s  %-12s  %-8s  %-16s  %.2f", TIME.format(a.getRaisedAt()),
          a.getPatientId(), a.getKind(), classes, a.getConfidence());
    }
  },
  /** One JSON object per line (see {@link AlertJson}), for jq and log shippers. */
  json {
    @Override
    public String format(Alert a) {
      try {
        return MAPPER.writeValueAsString(AlertJson.toMap(a));
      } catch (JsonProcessingException e) {
        throw new UncheckedIOException(e);
      }
    }
  };

  /** Column titles over {@link #human} lines. */
  public static final String HUMAN_HEADER = String.format(Locale.ROOT, "%-24s  %-12s  %-8s  %-16s  %s",
      "TIME (UTC)", "PATIENT", "KIND", "CLASSES", "CONFIDENCE");

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSX", Locale.ROOT).withZone(ZoneOffset.UTC);
  private static final ObjectMapper MAPPER = new ObjectMapper();

  public abstract String format(Alert a);
}
