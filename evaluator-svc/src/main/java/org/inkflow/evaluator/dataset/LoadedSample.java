package org.inkflow.evaluator.dataset;

import org.inkflow.common.artifacts.DatasetManifest;

/**
 * A sample's pixels: line art {@code [H,W]} gray in [0,1] (1 = white paper) and target {@code [H,W,3]} RGB in [0,1].
 */
public record LoadedSample(DatasetManifest.Sample sample, int height, int width, float[] lineArt, float[] target) {

    public LoadedSample {
        if (lineArt.length != height * width || target.length != height * width * 3) {
            throw new IllegalArgumentException("sample " + sample.sha256() + ": line art has " + lineArt.length
                    + " values and target " + target.length + "; a " + width + "x" + height
                    + " sample needs " + height * width + " and " + height * width * 3);
        }
    }
}
