package org.inkflow.inference.service;

/**
 * A v2 inference request's input tensors, already read: {@code line_art} FP32 {@code [n, height, width, 1]} and, for a
 * hint model, the optional {@code hints} FP32 {@code [n, height, width, 4]}.
 *
 * @param id      the request's {@code id}, echoed in the response ({@code null} when absent)
 * @param lineArt {@code [n, height, width, 1]} row-major, values in [0,1]
 * @param hints   {@code [n, height, width, 4]} row-major (R, G, B, mask), or {@code null} without hints
 */
public record TensorRequest(String id, int n, int height, int width, float[] lineArt, float[] hints) {

    /** Without hints. */
    public TensorRequest(String id, int n, int height, int width, float[] lineArt) {
        this(id, n, height, width, lineArt, null);
    }
}
