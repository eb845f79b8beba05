package org.inkflow.trainer.runs;

import org.jboss.logging.Logger;

/**
 * A deliberate crash for the fault tests (issue 18's poison loop, ADR 0031): when enabled, a run whose id starts with
 * {@value #HALT_RUN_PREFIX} halts the trainer's JVM right after each checkpoint it saves, without shutdown hooks, as a
 * native crash or the OOM killer would end it. Off unless {@code inkflow.trainer.fault-injection.enabled=true}
 * (the default and the Helm chart leave it off), so no run id can crash a deployment that did not turn it on.
 */
public record FaultInjection(boolean enabled) {

    /** Run ids that crash the process when fault injection is on. */
    public static final String HALT_RUN_PREFIX = "fault-halt-";
    /** The exit status of a trainer halted on purpose. */
    public static final int HALT_STATUS = 86;
    public static final FaultInjection OFF = new FaultInjection(false);

    private static final Logger LOG = Logger.getLogger(FaultInjection.class);

    /** Whether run {@code runId} crashes the process after its checkpoints. */
    public boolean halts(String runId) {
        return enabled && runId.startsWith(HALT_RUN_PREFIX);
    }

    /** Called once run {@code runId}'s checkpoint at {@code step} and its status are saved. */
    void afterCheckpoint(String runId, long step) {
        if (halts(runId)) {
            LOG.errorf("fault injection: run %s halts the trainer after its checkpoint at step %d"
                    + " (inkflow.trainer.fault-injection.enabled=true)", runId, step);
            Runtime.getRuntime().halt(HALT_STATUS);
        }
    }
}
