package org.inkflow.inference.serving;

import java.util.Map;
import org.inkflow.inference.drift.InputStatistics;

/**
 * What the service knows about a loaded model version, from its model card.
 *
 * @param name          the model's name, e.g. {@code colorizer}
 * @param version       the version the promotion named
 * @param location      where it was loaded from ({@code models/<name>/<version>/})
 * @param imageSize     the side of the square images it was trained on
 * @param sizeMultiple  input height and width must be multiples of this
 * @param trainingStats the training split's input statistics, for drift; {@code null} if the card has none
 * @param card          the whole model card as JSON-ready maps, for the page
 */
public record ModelDescription(String name, String version, String location, int imageSize, int sizeMultiple,
                               InputStatistics trainingStats, Map<String, Object> card) {

    public ModelDescription {
        if (imageSize < 1 || sizeMultiple < 1) {
            throw new IllegalArgumentException("model " + name + " " + version + " has imageSize " + imageSize
                    + " and sizeMultiple " + sizeMultiple + "; both must be at least 1");
        }
        card = card == null ? Map.of() : card;
    }
}
