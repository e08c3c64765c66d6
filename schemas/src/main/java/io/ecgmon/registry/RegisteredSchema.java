package io.ecgmon.registry;

/** One version of a subject: the shape of Confluent's {@code GET /subjects/{s}/versions/{v}}. */
public record RegisteredSchema(String subject, int version, int id, String schema) {}
