package org.inkflow.trainer.runs;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.inkflow.common.keys.Keys;

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

    /**
     * What a learning-rate range test found: the suggestion (steepest descent of the smoothed loss), the rate at the
     * lowest loss, where it diverged (null if it did not), its steps, a note, and the keys of its points and plot.
     */
    public record RangeTest(Double suggestedLearningRate, Double minLossLearningRate, Double divergedAtLearningRate,
                            int steps, String note, String points, String plot) {
    }

    public static final String MODE_TRAIN = "train";
    public static final String MODE_LR_RANGE = "lr-range";
    public static final List<String> MODES = List.of(MODE_TRAIN, MODE_LR_RANGE);

    public String id;
    /** {@link #MODE_TRAIN} (also when null: documents from before modes) or {@link #MODE_LR_RANGE}. */
    public String mode;
    /** The range test of a {@code lr-range} run, or of a run whose learningRate was "auto". */
    public RangeTest learningRateRange;
    /** The model version a transfer-learning run loaded its first weights from ({@code models/<name>/<version>/}). */
    public String initializedFrom;
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

    public boolean rangeTestOnly() {
        return MODE_LR_RANGE.equals(mode);
    }

    public boolean searchRun() {
        return search != null && !search.isEmpty();
    }
}
