package io.ecgmon.synth;

import java.util.ArrayList;
import java.util.List;

/**
 * The waves of one heartbeat for each independent lead ({@link Lead#INDEPENDENT}), as ECGSYN events
 * at 60 bpm. {@link #atHeartRate} adapts them to a rate: depolarisation (QRS) keeps its duration in
 * time, atrial and repolarisation waves (P, ST, T) shorten like QT does (Bazett, sqrt of RR).
 */
public final class BeatTemplate {

  private final List<List<WaveEvent>> leads;

  public BeatTemplate(List<List<WaveEvent>> leads) {
    if (leads.size() != Lead.INDEPENDENT.size()) {
      throw new IllegalArgumentException("a template needs " + Lead.INDEPENDENT.size() + " leads, not " + leads.size());
    }
    this.leads = leads.stream().map(List::copyOf).toList();
  }

  /** The events of an independent lead. */
  public List<WaveEvent> events(Lead lead) {
    int i = lead.independentIndex();
    if (i < 0) {
      throw new IllegalArgumentException(lead + " is derived from I and II");
    }
    return leads.get(i);
  }

  public List<List<WaveEvent>> leads() {
    return leads;
  }

  static boolean slowWave(WaveEvent e) {
    return e.name().startsWith("P") || e.name().startsWith("T") || e.name().startsWith("ST");
  }

  /** The template at {@code bpm}: phases and widths scaled as described above. */
  public BeatTemplate atHeartRate(double bpm) {
    double fast = bpm / 60.0;
    double slow = Math.sqrt(fast);
    List<List<WaveEvent>> out = new ArrayList<>();
    for (List<WaveEvent> lead : leads) {
      out.add(lead.stream().map(e -> e.widened(slowWave(e) ? slow : fast)).toList());
    }
    return new BeatTemplate(out);
  }
}
