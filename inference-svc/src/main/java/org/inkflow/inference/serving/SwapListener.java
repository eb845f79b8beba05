package org.inkflow.inference.serving;

/** Told what each promotion did, for metrics, drift and logs. */
public interface SwapListener {

    /** {@code model} now serves; {@code previous} is what served before ({@code null} at start). */
    void swapped(ServedModel model, ServedModel previous, boolean freshlyLoaded, long loadNanos);

    /** Loading or warming up {@code version} failed; the current version, if any, keeps serving. */
    void failed(String name, String version, String location, Exception error);
}
