package org.inkflow.cleaner.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Every {@code inkflow.cleaner.*} setting; application.properties repeats each default with a comment. */
@ConfigMapping(prefix = "inkflow.cleaner")
public interface CleanerConfig {

    /** Images whose header claims more pixels are rejected before decoding (rule {@code too-many-pixels}). */
    @WithDefault("16777216")
    long maxPixels();

    /** Raw objects larger than this many bytes are rejected without being downloaded. */
    @WithDefault("52428800")
    long maxBytes();

    /** Side of the square samples stored under {@code samples/} (64, 128 or 256 are usual). */
    @WithDefault("64")
    int imageSize();

    /** {@code pad}: fit the whole image and pad with white; {@code crop}: fill the square and cut the overflow. */
    @WithDefault("pad")
    String normalize();

    /** How a sample's input is made when the source has no paired line art: extracted, xdog or gray. */
    @WithDefault("extracted")
    String lineArt();

    Filters filters();

    Splits split();

    Xdog xdog();

    Datasets datasets();

    AutoDataset autoDataset();

    /** The rules that decide whether a raw image becomes a sample. */
    interface Filters {

        /** Rule names to switch off, e.g. {@code near-duplicate,too-entangled}. */
        Optional<Set<String>> disabled();

        /** Shorter side below this many pixels: {@code too-small}. */
        @WithDefault("64")
        int minSide();

        /** Longer over shorter side above this: {@code extreme-aspect-ratio}. */
        @WithDefault("2.5")
        double maxAspectRatio();

        /** 99th percentile of chroma (max-min of R,G,B in [0,1]) below this: {@code already-grayscale}. */
        @WithDefault("0.06")
        double grayscaleMaxChroma();

        /** A pixel counts as coloured when its chroma is at least this. */
        @WithDefault("0.15")
        double coloredPixelChroma();

        /** Fraction of coloured pixels below this: {@code too-little-color}. */
        @WithDefault("0.02")
        double minColorFraction();

        /** A pixel is an edge when its Sobel gradient magnitude (luma in [0,1]) is above this. */
        @WithDefault("0.25")
        double edgeGradient();

        /** Fraction of edge pixels above this: {@code too-entangled}. */
        @WithDefault("0.45")
        double maxEdgeDensity();

        /** Perceptual-hash Hamming distance (of 64 bits) at or below which an image duplicates an accepted one. */
        @WithDefault("6")
        int duplicateMaxDistance();

        /**
         * Largest per-cell difference of mean colour (4x4 grid, in [0,1]) at or below which a hash match is a
         * duplicate; above it the picture is a recolouring (e.g. a skin-tone variant), a different sample.
         */
        @WithDefault("0.03")
        double duplicateMaxColorDistance();

        /** Tags that reject an image: {@code blocked-tag}. */
        @WithDefault("comic,4koma,monochrome,greyscale,multiple_girls,multiple_boys,text_focus")
        List<String> blockedTags();

        /** Ratings that reject an image: {@code rating}. An image without a rating passes. */
        @WithDefault("q,e,questionable,explicit")
        List<String> blockedRatings();
    }

    /** Split fractions; a group key's hash decides its split, so a group never straddles two. */
    interface Splits {

        @WithDefault("0.7")
        double train();

        @WithDefault("0.2")
        double validation();

        @WithDefault("0.1")
        double test();
    }

    /** XDoG line art (Winnemöller's extended difference of Gaussians) on luma in [0,1]. */
    interface Xdog {

        @WithDefault("0.8")
        double sigma();

        /** Ratio of the wider Gaussian's sigma to the narrower one's. */
        @WithDefault("1.6")
        double k();

        @WithDefault("0.98")
        double tau();

        @WithDefault("-0.01")
        double epsilon();

        @WithDefault("60")
        double phi();
    }

    /** Dataset snapshots. */
    interface Datasets {

        /** How many train samples the preview contact sheet shows (input beside target). */
        @WithDefault("32")
        int previewSamples();

        /** Threads that read samples from S3 while building a snapshot or loading the catalog. */
        @WithDefault("8")
        int readThreads();

        /** A snapshot still BUILDING this long after it started was cut short (a restart): it reads as FAILED. */
        @WithDefault("PT30M")
        Duration buildTimeout();

        /**
         * How long {@code POST /datasets} waits for the replica owning the dataset's build record to write the
         * version's status before it answers 202 with the request QUEUED.
         */
        @WithDefault("PT10S")
        Duration requestWait();

        /** How long a build whose partition moves to another replica (or that shutdown stops) takes to stop here. */
        @WithDefault("PT10S")
        Duration stopTimeout();

        /**
         * How many times a version's build may start without finishing (a replica that dies mid-build counts) before
         * it is marked FAILED instead of resumed by the next owner.
         */
        @WithDefault("3")
        int maxAttempts();
    }

    /**
     * Continuous datasets: a new version of {@code name} once {@code min-new-samples} accepted samples are not in its
     * latest version and none has arrived for {@code quiet-period} (or {@code max-delay} after the first of them).
     */
    interface AutoDataset {

        /** Build versions by themselves (off: only {@code POST /datasets} builds). */
        @WithDefault("true")
        boolean enabled();

        /** The dataset the automatic builds publish. */
        @WithDefault("auto")
        String name();

        /** New accepted samples, not yet in the latest version, that make a new version due. */
        @WithDefault("100")
        int minNewSamples();

        /** How long no sample may arrive before the version is built, so a crawl in progress makes one version. */
        @WithDefault("PT30S")
        Duration quietPeriod();

        /** Build at the latest this long after the first new sample even if samples keep arriving; 0 waits for quiet. */
        @WithDefault("PT10M")
        Duration maxDelay();

        /** Image size of the automatic dataset (default: {@code inkflow.cleaner.image-size}). */
        Optional<Integer> imageSize();

        /** Line art of the automatic dataset: paired (the source's own where it has one), extracted, xdog or gray. */
        @WithDefault("paired")
        String lineArt();
    }
}
