package org.inkflow.crawler.store;

import java.util.List;
import org.inkflow.common.image.ImageFormat;

/**
 * An image ready to store: its bytes and format, what the source says about it, and its paired line art (PNG) if the
 * source has one. {@code folder} is the tag folder of {@code raw/<source>/<folder>/}.
 */
public record RawImage(
        String source,
        String folder,
        byte[] bytes,
        ImageFormat format,
        Integer width,
        Integer height,
        String postId,
        List<String> tags,
        String rating,
        String sourceUrl,
        String postUrl,
        String license,
        String groupKey,
        byte[] lineArtPng) {
}
