package org.inkflow.crawler.sources;

import java.net.URI;
import java.util.List;
import org.inkflow.crawler.crawl.ItemException;

/**
 * One image a source offers, before it is fetched: either a URL to download (boorus), a {@link Renderer} that
 * makes it (OpenMoji), or a {@code rejection} when the listing already shows it cannot be taken. {@code folder} is
 * the storage folder used when the job names no tag; {@code groupKey} keeps related images in one split.
 */
public record Candidate(
        String postId,
        URI imageUrl,
        String claimedMd5,
        Long claimedSize,
        List<String> tags,
        String rating,
        Integer width,
        Integer height,
        String pageUrl,
        String license,
        String groupKey,
        String folder,
        ItemException rejection,
        Renderer renderer) {

    /** Makes the image on demand, so resumed jobs do not render what they skip. */
    @FunctionalInterface
    public interface Renderer {
        RenderedImage render() throws ItemException;
    }

    public Candidate {
        tags = tags == null ? List.of() : List.copyOf(tags);
    }

    public static Candidate rejected(String postId, List<String> tags, String rating, String pageUrl, ItemException why) {
        return new Candidate(postId, null, null, null, tags, rating, null, null, pageUrl, null, null, null, why, null);
    }
}
