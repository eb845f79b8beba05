package org.inkflow.trainer.data;

import java.awt.image.BufferedImage;
import org.inkflow.common.image.ImageArrays;

/**
 * Decodes a sample's PNGs to model arrays at the run's image size (resizing when a file differs), line art as
 * luma in [0,1] and color as RGB in [0,1], transparency composited on white paper.
 */
public final class SampleDecoder {

    private final int height;
    private final int width;

    public SampleDecoder(int height, int width) {
        this.height = height;
        this.width = width;
    }

    public DecodedSample decode(SampleSource.EncodedSample sample, String id) {
        try {
            BufferedImage input = fit(ImageArrays.decode(sample.inputPng()));
            BufferedImage target = fit(ImageArrays.decode(sample.targetPng()));
            return new DecodedSample(ImageArrays.toGray(input), ImageArrays.toRgb(target), height, width);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("sample " + id + " cannot be decoded: " + e.getMessage(), e);
        }
    }

    private BufferedImage fit(BufferedImage image) {
        return image.getWidth() == width && image.getHeight() == height ? image : ImageArrays.resize(image, width, height);
    }
}
