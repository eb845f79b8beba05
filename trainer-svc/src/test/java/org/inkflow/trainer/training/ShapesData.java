package org.inkflow.trainer.training;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.inkflow.common.image.ImageArrays;
import org.inkflow.model.serving.ImageBatch;
import org.inkflow.model.training.InputNormalization;
import org.inkflow.model.training.SyntheticShapes;
import org.inkflow.model.training.TinyColorizer;
import org.inkflow.trainer.data.DatasetSnapshot;
import org.inkflow.trainer.data.DecodedSample;
import org.inkflow.trainer.data.SampleDecoder;
import org.inkflow.trainer.data.SampleSource;
import org.inkflow.trainer.data.TrainingData;

/** Synthetic shapes as an in-memory dataset of PNG samples, for loop and pipeline tests (non-square on purpose). */
public final class ShapesData implements SampleSource {

    public final List<DatasetSnapshot.SampleRef> train = new ArrayList<>();
    public final List<DatasetSnapshot.SampleRef> validation = new ArrayList<>();
    private final Map<String, EncodedSample> files = new HashMap<>();
    public final int height;
    public final int width;

    public ShapesData(long seed, int trainCount, int validationCount, int height, int width) {
        this.height = height;
        this.width = width;
        add(SyntheticShapes.generate(seed, trainCount, height, width), "t", train);
        add(SyntheticShapes.generate(seed + 1000, validationCount, height, width), "v", validation);
    }

    private void add(SyntheticShapes.Pair pair, String prefix, List<DatasetSnapshot.SampleRef> into) {
        for (int i = 0; i < pair.lineArt().n(); i++) {
            String id = prefix + i;
            byte[] in = ImageArrays.encodePng(ImageArrays.fromGray(pair.lineArt().image(i), width, height));
            byte[] out = ImageArrays.encodePng(ImageArrays.fromRgb(pair.color().image(i), width, height));
            files.put(id, new EncodedSample(in, out));
            into.add(new DatasetSnapshot.SampleRef(id, id, id, List.of()));
        }
    }

    @Override
    public EncodedSample fetch(DatasetSnapshot.SampleRef ref) {
        return files.get(ref.inputKey());
    }

    public List<DecodedSample> decodedValidation() {
        SampleDecoder decoder = new SampleDecoder(height, width);
        return validation.stream().map(r -> decoder.decode(fetch(r), r.sha256())).toList();
    }

    public TrainingData trainingData() {
        List<DecodedSample> val = decodedValidation();
        float[] all = new float[val.size() * height * width];
        for (int i = 0; i < val.size(); i++) {
            System.arraycopy(val.get(i).lineArt(), 0, all, i * height * width, height * width);
        }
        ImageBatch colors = TrainingLoop.stack(val)[1];
        return new TrainingData(train, this, val, height, width, InputNormalization.of(all), TinyColorizer.meanColor(colors),
                TinyColorizer.histogram(all, 10));
    }

    public static ImageBatch lineArt(List<DecodedSample> samples) {
        return TrainingLoop.stack(samples)[0];
    }
}
