package io.ecgmon.synth;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/** A mutable list of the waves of one lead, for building class morphologies by named edits. */
final class LeadShape {

  private final List<WaveEvent> events = new ArrayList<>();

  LeadShape(List<WaveEvent> events) {
    this.events.addAll(events);
  }

  List<WaveEvent> events() {
    return List.copyOf(events);
  }

  private LeadShape edit(String name, UnaryOperator<WaveEvent> f) {
    events.replaceAll(e -> e.name().equals(name) ? f.apply(e) : e);
    return this;
  }

  double amplitude(String name) {
    return events.stream().filter(e -> e.name().equals(name)).mapToDouble(WaveEvent::amplitudeMv).findFirst()
        .orElse(0);
  }

  LeadShape set(String name, double mv) {
    return edit(name, e -> e.withAmplitude(mv));
  }

  LeadShape scale(String name, double f) {
    return edit(name, e -> e.scaled(f));
  }

  /** Replaces the event's phase and width (radians at 60 bpm). */
  LeadShape place(String name, double theta, double width) {
    return edit(name, e -> new WaveEvent(e.name(), theta, e.amplitudeMv(), width));
  }

  LeadShape width(String name, double factor) {
    return edit(name, e -> new WaveEvent(e.name(), e.theta(), e.amplitudeMv(), e.width() * factor));
  }

  LeadShape add(String name, double theta, double mv, double width) {
    events.add(new WaveEvent(name, theta, mv, width));
    return this;
  }

  LeadShape remove(String name) {
    events.removeIf(e -> e.name().equals(name));
    return this;
  }

  /** Scales every event (body habitus, electrode distance). */
  LeadShape scaleAll(double f) {
    events.replaceAll(e -> e.scaled(f));
    return this;
  }
}
