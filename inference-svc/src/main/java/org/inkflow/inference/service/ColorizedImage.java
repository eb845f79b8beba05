package org.inkflow.inference.service;

/** A {@code /colorize} result: a PNG of the upload's size, and which model version made it. */
public record ColorizedImage(byte[] png, int width, int height, String modelName, String modelVersion) {
}
