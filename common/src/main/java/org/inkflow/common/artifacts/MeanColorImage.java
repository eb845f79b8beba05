package org.inkflow.common.artifacts;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;

/**
 * {@code evaluations/_baselines/<dataset>/<version>/mean-color.json}: the training split's per-pixel mean target,
 * the mean-color baseline's only parameter, kept bit for bit as {@code [H,W,3]} float32 little-endian in base64.
 */
public record MeanColorImage(Integer schemaVersion, Integer height, Integer width, String layout, String values) {

    public static final int SCHEMA_VERSION = 1;
    public static final String FILE = "mean-color.json";
    public static final String LAYOUT = "[H,W,3] float32 little-endian, base64";

    public MeanColorImage {
        schemaVersion = ArtifactJson.version(schemaVersion, SCHEMA_VERSION, MeanColorImage.class);
        ArtifactJson.require(height, "height", MeanColorImage.class);
        ArtifactJson.require(width, "width", MeanColorImage.class);
        ArtifactJson.require(values, "values", MeanColorImage.class);
        layout = layout == null ? LAYOUT : layout;
        int expected = height * width * 3 * Float.BYTES;
        int actual = Base64.getDecoder().decode(values).length;
        if (actual != expected) {
            throw new InvalidArtifactException("MeanColorImage values hold " + actual + " bytes; a " + height + "x"
                    + width + " RGB float32 image needs " + expected + "; delete the document to recompute it");
        }
    }

    /** {@code mean} is {@code [H, W, 3]} RGB in [0,1], row-major. */
    public static MeanColorImage of(int height, int width, float[] mean) {
        ByteBuffer buffer = ByteBuffer.allocate(mean.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : mean) {
            buffer.putFloat(v);
        }
        return new MeanColorImage(SCHEMA_VERSION, height, width, LAYOUT,
                Base64.getEncoder().encodeToString(buffer.array()));
    }

    /** The image as {@code [H, W, 3]} floats, row-major. */
    public float[] pixels() {
        ByteBuffer buffer = ByteBuffer.wrap(Base64.getDecoder().decode(values)).order(ByteOrder.LITTLE_ENDIAN);
        float[] out = new float[height * width * 3];
        for (int i = 0; i < out.length; i++) {
            out[i] = buffer.getFloat();
        }
        return out;
    }

    public byte[] toJson() {
        return ArtifactJson.write(this);
    }

    public static MeanColorImage read(byte[] json) {
        return ArtifactJson.read(json, MeanColorImage.class);
    }
}
