package org.inkflow.inference.service;

/**
 * A v2 inference result: {@code rgb} FP32 {@code [n, height, width, 3]}.
 *
 * @param rgb {@code [n, height, width, 3]} row-major, values in [0,1]
 */
public record TensorResponse(String modelName, String modelVersion, String id, int n, int height, int width,
                             float[] rgb) {
}
