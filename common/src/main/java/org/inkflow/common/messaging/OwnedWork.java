package org.inkflow.common.messaging;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

/**
 * The units of work this replica holds, each by the partition its record came from. Kafka's consumer group is the
 * ownership engine (ADR 0028): a replica works on, and resumes, only what the partitions assigned to it hold. When
 * partitions are revoked or lost (a replica added, one killed, a rolling update), {@link #revoked} stops every unit
 * that came from them (each checkpoints where it is) and forgets it; the unit's record was not committed, so the
 * partition's next owner reads it again and resumes the unit from its checkpoint in S3.
 *
 * <p>Plain Java and thread-safe; a {@link WorkRebalanceListener} feeds it the consumer's assignment and
 * {@link WorkRecords} holds and releases units as their records arrive and their work ends.
 */
public final class OwnedWork {

    /** A unit of work being done here: it can be asked to stop where it is (and checkpoint) and returns once it has. */
    @FunctionalInterface
    public interface Unit {
        void stop();
    }

    private record Held(TopicPartition partition, Unit unit) {
    }

    private static final Logger LOG = Logger.getLogger(OwnedWork.class);

    private final String channel;
    private final Set<TopicPartition> assigned = new HashSet<>();
    private final Map<String, Held> units = new LinkedHashMap<>();

    public OwnedWork(String channel) {
        this.channel = channel;
    }

    public String channel() {
        return channel;
    }

    /** Partitions newly assigned to this replica (an incremental assignment adds to what it had). */
    public synchronized void assigned(Collection<TopicPartition> partitions) {
        assigned.addAll(partitions);
        LOG.infof("%s: partitions %s assigned; this replica now owns %s", channel, partitions, assigned);
    }

    /**
     * Partitions taken from this replica: stops every unit held from them (outside the lock, one after another) and
     * returns their ids. Their records stay uncommitted, so their next owner resumes them.
     */
    public List<String> revoked(Collection<TopicPartition> partitions) {
        List<Map.Entry<String, Held>> stopping = new ArrayList<>();
        synchronized (this) {
            assigned.removeAll(partitions);
            var it = units.entrySet().iterator();
            while (it.hasNext()) {
                Map.Entry<String, Held> entry = it.next();
                if (partitions.contains(entry.getValue().partition())) {
                    stopping.add(Map.entry(entry.getKey(), entry.getValue()));
                    it.remove();
                }
            }
        }
        List<String> ids = new ArrayList<>();
        for (Map.Entry<String, Held> entry : stopping) {
            LOG.infof("%s: partition %s revoked; stopping %s here so its next owner resumes it", channel,
                    entry.getValue().partition(), entry.getKey());
            try {
                entry.getValue().unit().stop();
            } catch (RuntimeException e) {
                LOG.warnf(e, "%s: stopping %s failed; its next owner resumes it from its last checkpoint",
                        channel, entry.getKey());
            }
            ids.add(entry.getKey());
        }
        return ids;
    }

    /**
     * Holds unit {@code id} from {@code partition}; false when this replica already holds it (a record delivered
     * twice, or one unit submitted twice), in which case the caller must not start it again.
     */
    public synchronized boolean hold(TopicPartition partition, String id, Unit unit) {
        if (units.containsKey(id)) {
            return false;
        }
        units.put(id, new Held(partition, unit));
        return true;
    }

    /** The unit ended (or was never started): forget it. */
    public synchronized void release(String id) {
        units.remove(id);
    }

    /** Forgets {@code id} only while it is still this very {@code unit} (not a later hold of the same id). */
    public synchronized void release(String id, Unit unit) {
        Held held = units.get(id);
        if (held != null && held.unit() == unit) {
            units.remove(id);
        }
    }

    public synchronized boolean holds(String id) {
        return units.containsKey(id);
    }

    /** True while {@code id} is held here and its partition has not been revoked. */
    public synchronized boolean owns(String id) {
        Held held = units.get(id);
        return held != null && assigned.contains(held.partition());
    }

    public synchronized Set<TopicPartition> partitions() {
        return Set.copyOf(assigned);
    }

    public synchronized Set<String> ids() {
        return Set.copyOf(units.keySet());
    }
}
