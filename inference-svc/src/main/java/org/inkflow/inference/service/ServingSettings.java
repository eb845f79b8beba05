package org.inkflow.inference.service;

import java.time.Duration;
import org.inkflow.inference.imaging.Framing;

/**
 * What {@link ColorizerService} needs to know of its configuration, as plain values (built from
 * {@code inkflow.inference.*} in {@code config/}).
 *
 * @param modelName          the model served; promotions of others are ignored
 * @param alias              the alias whose promotions are followed
 * @param maxBatchImages     most images in one v2 request ({@code limits.max-batch-images})
 * @param maxPixels          most pixels per image ({@code limits.max-pixels})
 * @param requestTimeout     how long a request may wait for its result ({@code limits.request-timeout})
 * @param colorizeMode       how {@code /colorize} sizes images ({@code colorize.mode})
 * @param maxNativePixels    above this NATIVE falls back to FIT ({@code colorize.max-native-pixels})
 */
public record ServingSettings(String modelName, String alias, int maxBatchImages, long maxPixels,
                              Duration requestTimeout, Framing.Mode colorizeMode, long maxNativePixels) {
}
