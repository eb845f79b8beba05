package org.inkflow.trainer.training;

import java.util.Map;
import org.inkflow.model.ImageBatch;
import org.inkflow.model.TrainingGraph;
import org.junit.jupiter.api.Test;

class ScratchTest {
    @Test
    void explore() {
        ShapesData d = new ShapesData(1, 24, 8, 16, 24);
        var val = d.decodedValidation();
        ImageBatch[] xy = TrainingLoop.stack(val.subList(0, 4));
        for (Object[] cfg : new Object[][] {{8, 0.002, 1e-7, "l1"}, {8, 0.01, 1e-7, "l1"}, {16, 0.002, 1e-7, "l1"}}) {
            Hyperparameters h = Hyperparameters.parse(Map.of("width", cfg[0], "learningRate", cfg[1], "epsilon", cfg[2], "loss", cfg[3]));
            try (TrainingGraph g = new TrainingGraph(h.graphOptions(d.trainingData().normalization(), 2))) {
                StringBuilder sb = new StringBuilder("w=" + cfg[0] + " lr=" + cfg[1] + " eps=" + cfg[2] + " " + cfg[3] + ":");
                for (int s = 0; s < 400; s++) {
                    g.step(xy[0], xy[1], ((Double) cfg[1]).floatValue(), s, false);
                    if (s % 25 == 24) sb.append(String.format(" %.4f", g.loss(xy[0], xy[1])));
                }
                System.out.println(sb);
            }
        }
        System.out.println("baseline " + TrainingLoop.lineCopyBaseline(val.subList(0,4), "l1"));
    }
}
