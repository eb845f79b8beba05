package org.inkflow.trainer.runs;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.inkflow.common.artifacts.Keys;

/**
 * A run's status document, {@code runs/<runId>/status.json} (the one object of a run that is rewritten): the
 * request, the state, where training is, the losses, checkpoints, the exported model and, for a search, its
 * trials. The service's memory holds the same object; a restarted service reads them back and resumes the
 * unfinished ones. Fields are public because this is a plain JSON document guarded by its own monitor.
 */
public final class RunStatus {

    /** One trial of a search: its run id, overrides and result. */
    public record Trial(String runId, Map<String, Object> overrides, String state, Double bestValidationLoss,
                        Long bestStep, String error) {
    }

    public String id;
    /** The search run a trial belongs to; null for a run of its own. */
    public String parentId;
    public RunState state;
    public String datasetName;
    public String datasetVersion;
    public String modelName;
    public Map<String, Object> hyperparameters;
    public Map<String, Object> search;
    public List<Trial> trials = new ArrayList<>();
    public String bestTrial;
    public long step;
    public long totalSteps;
    public long epoch;
    public Double trainLoss;
    public Double validationLoss;
    public Double bestValidationLoss;
    public Long bestStep;
    public Double baselineLoss;
    public Double samplesPerSecond;
    /** The step the last attempt resumed at, and the validation loss right after its restore. */
    public Long resumedAtStep;
    public Double resumedValidationLoss;
    public String latestCheckpoint;
    public String bestCheckpoint;
    public String modelVersion;
    public String modelLocation;
    public String device;
    public String error;
    public int attempts;
    public Instant createdAt;
    public Instant startedAt;
    public Instant updatedAt;
    public Instant finishedAt;

    public static String key(String runId) {
        return Keys.runStatus(runId);
    }

    public boolean searchRun() {
        return search != null && !search.isEmpty();
    }
}
