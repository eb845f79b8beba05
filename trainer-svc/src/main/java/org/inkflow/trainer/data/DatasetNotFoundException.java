package org.inkflow.trainer.data;

import org.inkflow.common.api.ProblemException;
import org.inkflow.common.keys.Keys;

/** The named dataset version has no manifest in the bucket (404). */
public class DatasetNotFoundException extends ProblemException {

    public DatasetNotFoundException(String name, String version) {
        super(404, "dataset " + name + " version " + version + " not found: no " + Keys.datasetManifest(name, version)
                + " in the bucket; build it with the cleaner's POST /datasets first");
    }
}
