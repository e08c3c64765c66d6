"""The alternative ecgmon is benchmarked against: a straightforward Python Kafka consumer, as a user
would write it with confluent-kafka + numpy FFT + onnxruntime.

It reads the same `ecg-segments` topic (Confluent Avro), keeps an in-order sample buffer per patient,
cuts 10 s windows every 5 s, computes the model inputs with this package's numpy feature code, runs
onnxruntime on every window completed in one poll batch, and produces a Classification record per
window (Confluent Avro) to its own topic. No exactly-once, no out-of-order handling, no dead letters:
the simple thing. It stops after --max-windows windows or --idle-seconds without input, then prints a
JSON report (windows/s, latency from segment production to classification, CPU seconds).

Run: .venv/bin/python -m ecgmon_model.stream_baseline --bootstrap-servers localhost:9092 \
        --schema-registry-url http://127.0.0.1:8081 --max-windows 2000
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import time
import uuid
from pathlib import Path

import numpy as np
import onnxruntime as ort
from confluent_kafka import Consumer, Producer
from confluent_kafka.schema_registry import SchemaRegistryClient
from confluent_kafka.schema_registry.avro import AvroDeserializer, AvroSerializer
from confluent_kafka.serialization import MessageField, SerializationContext

from . import features as F
from .network import INPUT_NAMES
from .spec import MODEL_DIR, REPO_DIR

SPEC = F.SPEC


class PatientBuffer:
    """Samples of one patient's current recording in mV, appended in arrival order."""

    def __init__(self, recording_id: str, rate: float, first_index: int):
        self.recording_id = recording_id
        self.rate = rate
        self.start_index = first_index  # sample index of buf[:, 0]
        self.buf = np.zeros((12, 0))
        self.next_window = first_index
        self.last_produced_at = 0

    def append(self, samples_mv: np.ndarray) -> None:
        self.buf = np.concatenate([self.buf, samples_mv], axis=1)

    def pop_windows(self, window: int, hop: int):
        """Complete windows [s, s + window) as (start_index, samples), dropping samples no longer needed."""
        out = []
        while self.next_window + window <= self.start_index + self.buf.shape[1]:
            i = self.next_window - self.start_index
            out.append((self.next_window, self.buf[:, i: i + window]))
            self.next_window += hop
        drop = self.next_window - self.start_index
        if drop > 0:
            self.buf = self.buf[:, drop:]
            self.start_index += drop
        return out


def to_mv(seg: dict) -> np.ndarray:
    n = seg["samplesPerLead"]
    counts = np.frombuffer(seg["samples"], dtype="<i2").reshape(len(seg["leads"]), n).astype(np.float64)
    gain = np.asarray(seg["gainPerMv"], dtype=np.float64)[:, None]
    base = np.asarray(seg["baseline"], dtype=np.float64)[:, None]
    return (counts - base) / gain


def metadata_row(info: dict | None) -> np.ndarray:
    if not info:
        return F.metadata_features().astype(np.float32)
    sex = {"FEMALE": "female", "MALE": "male"}.get(info.get("sex"))
    return F.metadata_features(info.get("ageYears"), sex, info.get("heightCm"), info.get("weightKg")).astype(np.float32)


def millis(value) -> int:
    return int(value.timestamp() * 1000) if hasattr(value, "timestamp") else int(value)


def run(args) -> dict:
    session_options = ort.SessionOptions()
    session_options.intra_op_num_threads = args.threads
    session = ort.InferenceSession(str(args.model), session_options, providers=["CPUExecutionProvider"])
    card = json.loads(session.get_modelmeta().custom_metadata_map["model_card"])
    labels, thresholds = card["labels"], card["thresholds"]

    registry = SchemaRegistryClient({"url": args.schema_registry_url})
    deserialize = AvroDeserializer(registry)
    schema = (REPO_DIR / "schemas" / "src" / "main" / "avro" / "Classification.avsc").read_text()
    serialize = AvroSerializer(registry, schema, conf={"auto.register.schemas": True})
    consumer = Consumer({"bootstrap.servers": args.bootstrap_servers, "group.id": args.group or f"py-baseline-{uuid.uuid4()}",
                         "auto.offset.reset": "earliest", "enable.auto.commit": True})
    consumer.subscribe([args.segments_topic, args.patient_topic])
    producer = Producer({"bootstrap.servers": args.bootstrap_servers, "linger.ms": 5})

    rate_out = SPEC["sample_rate_hz"]
    patients: dict[str, PatientBuffer] = {}
    infos: dict[str, dict] = {}
    latencies, windows, started, last_input = [], 0, None, time.time()
    cpu0 = time.process_time()
    while windows < args.max_windows and time.time() - last_input < args.idle_seconds:
        msgs = consumer.consume(num_messages=500, timeout=0.2)
        if not msgs:
            continue
        last_input = time.time()
        started = started or time.time()
        ready = []  # (patient, buffer, start_index, window samples)
        for msg in msgs:
            if msg.error():
                continue
            ctx = SerializationContext(msg.topic(), MessageField.VALUE)
            value = deserialize(msg.value(), ctx)
            if msg.topic() == args.patient_topic:
                infos[value["patientId"]] = value
                continue
            pid = value["patientId"]
            rate = value["sampleRateHz"]
            b = patients.get(pid)
            if b is None or b.recording_id != value["recordingId"]:
                b = patients[pid] = PatientBuffer(value["recordingId"], rate, value["firstSampleIndex"])
            b.append(to_mv(value))
            b.last_produced_at = millis(value["producedAt"])
            win = int(round(args.window_seconds * rate))
            hop = int(round(args.hop_seconds * rate))
            for start, samples in b.pop_windows(win, hop):
                ready.append((pid, b, start, F.resample_to_spec(samples, rate)))
        if not ready:
            continue
        rows = [F.window_features(w) for _, _, _, w in ready]
        feeds = {n: np.stack([r[n] for r in rows]) for n in ("ecg", "fft", "spectrogram")}
        feeds["metadata"] = np.stack([metadata_row(infos.get(pid)) for pid, _, _, _ in ready])
        probs = session.run(None, {n: feeds[n] for n in INPUT_NAMES})[0]
        now = int(time.time() * 1000)
        for (pid, b, start, _), p in zip(ready, probs):
            win = int(round(args.window_seconds * b.rate))
            record = {
                "patientId": pid, "recordingId": b.recording_id,
                "windowStartIndex": start, "windowEndIndex": start + win,
                "windowStartTime": 0, "windowEndTime": 0,
                "scores": [{"label": l, "probability": float(p[i]), "threshold": float(thresholds[l])}
                           for i, l in enumerate(labels)],
                "predicted": [l for i, l in enumerate(labels) if p[i] >= thresholds[l]],
                "modelName": card["name"], "modelVersion": card["version"], "quality": [],
                "lastSegmentProducedAt": b.last_produced_at, "classifiedAt": now, "inferenceMicros": 0,
                "groundTruth": None,
            }
            producer.produce(args.output_topic, key=pid.encode(),
                             value=serialize(record, SerializationContext(args.output_topic, MessageField.VALUE)))
            latencies.append(now - b.last_produced_at)
        producer.poll(0)
        windows += len(ready)
    producer.flush()
    consumer.close()
    elapsed = (time.time() - started) if started else 0.0
    lat = np.asarray(latencies, dtype=np.float64)
    pct = (lambda q: float(np.percentile(lat, q)) if len(lat) else None)
    return {"implementation": "python confluent-kafka + numpy + onnxruntime", "windows": windows,
            "seconds": round(elapsed, 2), "windows_per_s": round(windows / elapsed, 1) if elapsed else None,
            "latency_ms": {"p50": pct(50), "p95": pct(95), "p99": pct(99)},
            "cpu_seconds": round(time.process_time() - cpu0, 2),
            "max_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
            "onnxruntime_threads": args.threads, "cpu_count": os.cpu_count()}


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--bootstrap-servers", default=os.environ.get("ECGMON_BOOTSTRAP_SERVERS", "localhost:9092"))
    p.add_argument("--schema-registry-url", default=os.environ.get("ECGMON_SCHEMA_REGISTRY_URL", "http://127.0.0.1:8081"))
    p.add_argument("--segments-topic", default="ecg-segments")
    p.add_argument("--patient-topic", default="patient-info")
    p.add_argument("--output-topic", default="classifications-python-baseline")
    p.add_argument("--group", default=None, help="consumer group (default: a fresh one, reading from the start)")
    p.add_argument("--model", type=Path, default=MODEL_DIR / "ecgmon-ptbxl.onnx")
    p.add_argument("--window-seconds", type=float, default=10.0)
    p.add_argument("--hop-seconds", type=float, default=5.0)
    p.add_argument("--threads", type=int, default=2, help="onnxruntime intra-op threads")
    p.add_argument("--max-windows", type=int, default=10**9)
    p.add_argument("--idle-seconds", type=float, default=10.0, help="stop after this long without input")
    return p


def main(argv=None):
    print(json.dumps(run(parser().parse_args(argv)), indent=2))


if __name__ == "__main__":
    main()
