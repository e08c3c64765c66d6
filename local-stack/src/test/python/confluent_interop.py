"""Interop check driven by ConfluentPythonInteropIT: the official Confluent Python client against
ecgmon's registry server and ecgmon's Java serde.

1. decodes the Alert bytes the Java serializer wrote (AvroDeserializer, schema fetched by id);
2. registers PatientInfo and serializes a record with AvroSerializer, for the Java deserializer;
3. reads the registry back (subjects, latest version) and prints everything as JSON on stdout.
"""
import argparse
import datetime as dt
import json

from confluent_kafka.schema_registry import SchemaRegistryClient
from confluent_kafka.schema_registry.avro import AvroDeserializer, AvroSerializer
from confluent_kafka.serialization import MessageField, SerializationContext

PATIENT = {"patientId": "py-7", "ageYears": 71.5, "sex": "FEMALE", "heightCm": None, "weightKg": 80.25,
           "updatedAt": None}


def plain(value):
    if isinstance(value, dt.datetime):
        return int(value.timestamp() * 1000)
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--registry", required=True)
    p.add_argument("--java-topic", required=True)
    p.add_argument("--java-bytes", required=True)
    p.add_argument("--python-topic", required=True)
    p.add_argument("--python-bytes", required=True)
    p.add_argument("--patient-schema", required=True)
    args = p.parse_args()

    client = SchemaRegistryClient({"url": args.registry})
    with open(args.java_bytes, "rb") as f:
        alert = AvroDeserializer(client)(f.read(), SerializationContext(args.java_topic, MessageField.VALUE))

    with open(args.patient_schema, encoding="utf-8") as f:
        serializer = AvroSerializer(client, f.read(), conf={"auto.register.schemas": True})
    data = serializer(PATIENT, SerializationContext(args.python_topic, MessageField.VALUE))
    with open(args.python_bytes, "wb") as f:
        f.write(data)

    latest = client.get_latest_version(args.python_topic + "-value")
    print(json.dumps({
        "alert": plain(alert),
        "subjects": client.get_subjects(),
        "python_subject_latest_id": latest.schema_id,
        "python_subject_latest_version": latest.version,
        "java_schema_type": client.get_schema(int.from_bytes(open(args.java_bytes, "rb").read()[1:5], "big")).schema_type,
    }))


if __name__ == "__main__":
    main()
