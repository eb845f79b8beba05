package org.inkflow.common.storage;

/** Where an object was put, and whether this call wrote it ({@code false}: the same bytes were already there). */
public record PutResult(String key, String sha256, boolean written) {
}
