package org.inkflow.common.messaging;

import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;
import java.util.Collection;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Feeds a work channel's consumer-group assignment to its {@link OwnedWork}. A service declares one bean per work
 * channel, named for SmallRye:
 * <pre>
 * &#64;ApplicationScoped &#64;Identifier("crawl-jobs-ownership")
 * class CrawlJobOwnership extends WorkRebalanceListener { ... super(work); }
 * </pre>
 * with {@code mp.messaging.incoming.crawl-jobs.consumer-rebalance-listener.name=crawl-jobs-ownership}. Work channels
 * use the cooperative-sticky assignor so a rebalance revokes only the partitions that move, not every unit.
 * Runs on the consumer's polling thread: revoking waits for the units to stop, within {@code max.poll.interval.ms}.
 */
public abstract class WorkRebalanceListener implements KafkaConsumerRebalanceListener {

    private final OwnedWork work;

    protected WorkRebalanceListener(OwnedWork work) {
        this.work = work;
    }

    /** The units held here, by partition. */
    public OwnedWork work() {
        return work;
    }

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        work.assigned(partitions);
    }

    @Override
    public void onPartitionsRevoked(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        work.revoked(partitions);
    }

    @Override
    public void onPartitionsLost(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        work.revoked(partitions);
    }
}
