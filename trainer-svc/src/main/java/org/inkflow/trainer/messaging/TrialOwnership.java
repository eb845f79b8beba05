package org.inkflow.trainer.messaging;

import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import org.inkflow.common.messaging.Channels;
import org.inkflow.common.messaging.OwnedWork;
import org.inkflow.common.messaging.WorkRebalanceListener;

/**
 * The training-trials consumer's partition assignment, fed to the search trials this replica holds (ADR 0028): a
 * revoked or lost partition pauses its trials here (checkpointed at their next step) so their next owner resumes
 * them. Named in application.properties as the channel's {@code consumer-rebalance-listener.name}.
 */
@ApplicationScoped
@Identifier(TrialOwnership.NAME)
public class TrialOwnership extends WorkRebalanceListener {

    public static final String NAME = "training-trials-ownership";

    public TrialOwnership() {
        this(new OwnedWork(Channels.TRAINING_TRIALS));
    }

    TrialOwnership(OwnedWork work) {
        super(work);
    }
}
