package org.inkflow.cleaner.messaging;

import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import org.inkflow.common.messaging.Channels;
import org.inkflow.common.messaging.OwnedWork;
import org.inkflow.common.messaging.WorkRebalanceListener;

/**
 * The datasets-builds consumer's partition assignment, fed to the builds this replica holds (ADR 0028, 0034): a
 * revoked or lost partition stops its build here, left BUILDING, so its next owner resumes it. Named in
 * application.properties as the channel's {@code consumer-rebalance-listener.name}.
 */
@ApplicationScoped
@Identifier(DatasetBuildOwnership.NAME)
public class DatasetBuildOwnership extends WorkRebalanceListener {

    public static final String NAME = "datasets-builds-ownership";

    public DatasetBuildOwnership() {
        super(new OwnedWork(Channels.DATASETS_BUILDS));
    }
}
