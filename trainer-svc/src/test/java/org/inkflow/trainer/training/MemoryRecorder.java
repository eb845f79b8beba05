package org.inkflow.trainer.training;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Keeps what a loop reports; copies checkpoints to a directory so a test can resume from them. */
final class MemoryRecorder implements RunRecorder {

    final List<StepRecord> steps = new ArrayList<>();
    final List<ValidationRecord> validations = new ArrayList<>();
    final List<BufferedImage> previews = new ArrayList<>();
    final java.util.Map<Long, java.util.Map<String, byte[]>> network = new java.util.TreeMap<>();
    final List<CheckpointState> checkpoints = new ArrayList<>();
    Double resumedValidationLoss;
    private final Path keep;

    MemoryRecorder(Path keep) {
        this.keep = keep;
    }

    @Override
    public void step(StepRecord record) {
        steps.add(record);
    }

    @Override
    public void validation(ValidationRecord record, BufferedImage preview) {
        validations.add(record);
        previews.add(preview);
    }

    @Override
    public void network(long step, java.util.Map<String, byte[]> pictures) {
        network.put(step, pictures);
    }

    @Override
    public void resumed(long step, double validationLoss) {
        resumedValidationLoss = validationLoss;
    }

    @Override
    public void checkpoint(CheckpointState state, Path prefix) {
        checkpoints.add(state);
        Path dir = keep.resolve("step-" + state.step());
        try (Stream<Path> files = Files.list(prefix.getParent())) {
            Files.createDirectories(dir);
            for (Path f : files.toList()) {
                Files.copy(f, dir.resolve(f.getFileName()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Path checkpointPrefix(long step) {
        return keep.resolve("step-" + step).resolve(CheckpointFiles.PREFIX);
    }

    double lossAt(long step) {
        return steps.stream().filter(s -> s.step() == step).findFirst().orElseThrow().trainLoss();
    }
}
