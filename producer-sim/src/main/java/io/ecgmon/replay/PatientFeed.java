package io.ecgmon.replay;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One patient's continuous session: the source's recordings back to back, cut into segments of a fixed
 * length. Sample indices run on across recordings (one session, one recordingId) and
 * firstSampleTime = session start + index / rate. A segment spans two recordings when their layouts
 * agree (and then carries both recordings' labels); when they do not (another rate or gain), the
 * segment ends with the first recording.
 *
 * <p>With {@code sessionPerRecord} every recording is a session of its own instead: recordingId
 * {@code <patientId>-<runId>-<record name>}, sample indices from 0, segments never spanning two
 * recordings, so a consumer's first window [0, window) is exactly the recording (what an evaluation
 * needs: PTB-XL's records are 10 s, one model window). Times still run on across recordings.
 */
public final class PatientFeed {

  private final PatientSource source;
  private final String baseRecordingId;
  private final boolean sessionPerRecord;
  private String recordingId;
  private final long sessionStartMillis;
  /** Sample count of the sessions before the current one (sessionPerRecord): times run on. */
  private long samplesBefore;
  private final double segmentSeconds;
  private FeedRecord current;
  private int position;
  private FeedRecord pending;
  private boolean exhausted;
  private long nextIndex;
  private int sessionRate;

  public PatientFeed(PatientSource source, String runId, long sessionStartMillis, double segmentSeconds) {
    this(source, runId, sessionStartMillis, segmentSeconds, false);
  }

  public PatientFeed(PatientSource source, String runId, long sessionStartMillis, double segmentSeconds,
      boolean sessionPerRecord) {
    this.source = source;
    this.baseRecordingId = source.patientId() + "-" + runId;
    this.recordingId = baseRecordingId;
    this.sessionPerRecord = sessionPerRecord;
    this.sessionStartMillis = sessionStartMillis;
    this.segmentSeconds = segmentSeconds;
  }

  public String patientId() {
    return source.patientId();
  }

  public String recordingId() {
    return recordingId;
  }

  public long sessionStartMillis() {
    return sessionStartMillis;
  }

  /**
   * Session time at the end of {@code s} (a segment of this feed), seconds since the feed's start: with
   * sessionPerRecord the indices restart with each recording but the schedule runs on.
   */
  public double endSeconds(Segment s) {
    return (playedBefore(s) + s.samples()) / (double) s.rateHz();
  }

  /** Samples of this feed played before {@code s}, across sessions. */
  public long playedBefore(Segment s) {
    return samplesBefore + s.firstSampleIndex();
  }

  /** Index of the next sample to play. */
  public long nextIndex() {
    return nextIndex;
  }

  private FeedRecord advance() throws IOException {
    if (pending != null) {
      FeedRecord r = pending;
      pending = null;
      return r;
    }
    if (exhausted) {
      return null;
    }
    FeedRecord r;
    do {
      r = source.nextRecord();
    } while (r != null && r.samples() == 0);
    if (r == null) {
      exhausted = true;
    } else if (sessionRate == 0) {
      sessionRate = r.rateHz();
    } else if (r.rateHz() != sessionRate) {
      // sample indices and times of one session assume one rate
      throw new IOException(source.patientId() + ": recording " + r.name() + " is at " + r.rateHz()
          + " Hz but the session runs at " + sessionRate + " Hz");
    }
    return r;
  }

  /** The next segment, or null when the patient's recordings are over. */
  public Segment next() throws IOException {
    if (current == null || position >= current.samples()) {
      current = advance();
      position = 0;
      if (current == null) {
        return null;
      }
      if (sessionPerRecord) {
        samplesBefore += nextIndex;
        nextIndex = 0;
        recordingId = baseRecordingId + "-" + current.name();
      }
    }
    FeedRecord first = current;
    int want = Math.max(1, (int) Math.round(segmentSeconds * first.rateHz()));
    List<short[][]> pieces = new ArrayList<>();
    List<Integer> from = new ArrayList<>();
    List<Integer> lengths = new ArrayList<>();
    Set<String> labels = new LinkedHashSet<>();
    int got = 0;
    while (got < want) {
      if (position >= current.samples()) {
        if (sessionPerRecord) {
          break; // the next recording opens a session of its own
        }
        FeedRecord next = advance();
        if (next == null) {
          break;
        }
        if (!next.sameLayout(first)) {
          pending = next;
          break;
        }
        current = next;
        position = 0;
      }
      int take = Math.min(want - got, current.samples() - position);
      pieces.add(current.counts());
      from.add(position);
      lengths.add(take);
      labels.addAll(current.labels());
      position += take;
      got += take;
    }
    int leads = first.leads().size();
    short[][] counts = new short[leads][got];
    int at = 0;
    for (int p = 0; p < pieces.size(); p++) {
      for (int l = 0; l < leads; l++) {
        System.arraycopy(pieces.get(p)[l], from.get(p), counts[l], at, lengths.get(p));
      }
      at += lengths.get(p);
    }
    long index = nextIndex;
    nextIndex += got;
    long time = sessionStartMillis + Math.round((samplesBefore + index) * 1000.0 / first.rateHz());
    return new Segment(source.patientId(), recordingId, first.rateHz(), first.leads(), first.gainPerMv(),
        first.baseline(), index, time, counts, List.copyOf(labels), first.demographics());
  }
}
