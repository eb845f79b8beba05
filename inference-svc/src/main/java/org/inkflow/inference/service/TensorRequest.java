package org.inkflow.inference.service;

/**
 * A v2 inference request's one input tensor, already read: {@code line_art} FP32 {@code [n, height, width, 1]}.
 *
 * @param id      the request's {@code id}, echoed in the response ({@code null} when absent)
 * @param lineArt {@code [n, height, width, 1]} row-major, values in [0,1]
 */
public record TensorRequest(String id, int n, int height, int width, float[] lineArt) {
}
