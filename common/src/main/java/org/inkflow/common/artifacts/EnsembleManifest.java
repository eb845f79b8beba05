package org.inkflow.common.artifacts;

import java.util.List;
import org.inkflow.common.keys.Keys;

/**
 * {@code models/<name>/ensemble-<hash>/ensemble.json}: an ensemble the evaluator was asked for, a model version
 * whose output is {@code combine} over its members' outputs. Written once by the evaluator.
 */
public record EnsembleManifest(Integer schemaVersion, String name, String version, String combine,
                               List<Member> members) {

    public static final int SCHEMA_VERSION = 1;
    public static final String FILE = Keys.ENSEMBLE_MANIFEST;
    public static final String MEAN_RGB = "mean of the members' RGB outputs";

    /** One member version and where it is stored. */
    public record Member(String version, String location) {

        public Member {
            ArtifactJson.require(version, "members[].version", EnsembleManifest.class);
            ArtifactJson.require(location, "members[].location", EnsembleManifest.class);
        }
    }

    public EnsembleManifest {
        schemaVersion = ArtifactJson.version(schemaVersion, SCHEMA_VERSION, EnsembleManifest.class);
        ArtifactJson.require(name, "name", EnsembleManifest.class);
        ArtifactJson.require(version, "version", EnsembleManifest.class);
        ArtifactJson.require(members, "members", EnsembleManifest.class);
        combine = combine == null ? MEAN_RGB : combine;
        members = List.copyOf(members);
    }

    public byte[] toJson() {
        return ArtifactJson.write(this);
    }

    public static EnsembleManifest read(byte[] json) {
        return ArtifactJson.read(json, EnsembleManifest.class);
    }
}
