package org.inkflow.common.artifacts;

/**
 * A dataset version's pixel statistics, {@code datasets/<name>/<version>/stats.json} and the manifest's
 * {@code stats}: the normalization every later stage uses, measured on the split {@code statsSplit} names. Input
 * (line art) mean, population standard deviation and a histogram (fractions of pixels, bin {@code i} =
 * [i/bins, (i+1)/bins)); target per-channel RGB mean and standard deviation. Values in [0,1].
 */
public record DatasetStats(Integer schemaVersion, Input input, Target target, Integer samples, Long pixels) {

    public static final int SCHEMA_VERSION = 1;

    public record Input(Double mean, Double std, double[] histogram) {

        public Input {
            ArtifactJson.require(mean, "input.mean", DatasetStats.class);
            ArtifactJson.require(std, "input.std", DatasetStats.class);
        }
    }

    public record Target(double[] mean, double[] std) {

        public Target {
            ArtifactJson.require(mean, "target.mean", DatasetStats.class);
            if (mean.length != 3) {
                throw new InvalidArtifactException("target.mean in DatasetStats has " + mean.length
                        + " values; it needs one per RGB channel (3)");
            }
        }
    }

    public DatasetStats {
        schemaVersion = ArtifactJson.version(schemaVersion, SCHEMA_VERSION, DatasetStats.class);
        ArtifactJson.require(input, "input", DatasetStats.class);
        ArtifactJson.require(target, "target", DatasetStats.class);
        ArtifactJson.require(samples, "samples", DatasetStats.class);
        ArtifactJson.require(pixels, "pixels", DatasetStats.class);
    }

    public byte[] toJson() {
        return ArtifactJson.write(this);
    }

    public static DatasetStats read(byte[] json) {
        return ArtifactJson.read(json, DatasetStats.class);
    }
}
