package org.inkflow.trainer.messaging;

import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import org.inkflow.common.messaging.Channels;
import org.inkflow.common.messaging.OwnedWork;
import org.inkflow.common.messaging.WorkRebalanceListener;

/**
 * The training-requests consumer's partition assignment, fed to the runs this replica holds (ADR 0028): a revoked or
 * lost partition pauses its runs here (checkpointed at their next step) so their next owner resumes them. Named in
 * application.properties as the channel's {@code consumer-rebalance-listener.name}.
 */
@ApplicationScoped
@Identifier(TrainingRunOwnership.NAME)
public class TrainingRunOwnership extends WorkRebalanceListener {

    public static final String NAME = "training-requests-ownership";

    public TrainingRunOwnership() {
        this(new OwnedWork(Channels.TRAINING_REQUESTS));
    }

    TrainingRunOwnership(OwnedWork work) {
        super(work);
    }
}
