package org.inkflow.cleaner.filters;

import org.inkflow.cleaner.dedup.ImageFingerprint;
import org.inkflow.cleaner.normalize.SampleImage;

/**
 * What the image filters look at: the decoded image's own size, and the normalized square sample (so thresholds
 * on colour and edges mean the same for every source resolution) with its fingerprint.
 */
public record ImageCandidate(int sourceWidth, int sourceHeight, SampleImage normalized, ImageFingerprint fingerprint) {
}
