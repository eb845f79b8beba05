package org.inkflow.trainer.runs;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.inkflow.common.keys.Keys;
import org.inkflow.common.events.EventJson;
import org.inkflow.common.image.ImageArrays;
import org.inkflow.common.storage.ObjectStore;
import org.inkflow.common.storage.PutResult;
import org.inkflow.model.training.SyntheticShapes;

/** Writes a tiny synthetic-shapes dataset snapshot to a real bucket the way the cleaner does: samples, manifest. */
public final class ShapesDataset {

    private ShapesDataset() {
    }

    public static String put(ObjectStore store, String name, String version, int train, int validation, int size, long seed) {
        Map<String, Object> splits = new LinkedHashMap<>();
        splits.put("train", samples(store, SyntheticShapes.generate(seed, train, size, size), size));
        splits.put("validation", samples(store, SyntheticShapes.generate(seed + 1, validation, size, size), size));
        splits.put("test", List.of());
        Map<String, Object> manifest = new LinkedHashMap<>();
        manifest.put("name", name);
        manifest.put("version", version);
        manifest.put("imageSize", size);
        manifest.put("splits", splits);
        manifest.put("credits", "synthetic shapes (test data)");
        manifest.put("createdAt", "2026-01-01T00:00:00Z");
        String key = Keys.datasetManifest(name, version);
        store.putOnce(key, EventJson.write(manifest).getBytes(StandardCharsets.UTF_8), "application/json");
        return key;
    }

    private static List<Map<String, Object>> samples(ObjectStore store, SyntheticShapes.Pair pair, int size) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (int i = 0; i < pair.lineArt().n(); i++) {
            byte[] target = ImageArrays.encodePng(ImageArrays.fromRgb(pair.color().image(i), size, size));
            byte[] input = ImageArrays.encodePng(ImageArrays.fromGray(pair.lineArt().image(i), size, size));
            PutResult t = store.putContentAddressed("samples/tmp", target, "png", "image/png");
            String sha = t.sha256();
            store.putOnce("samples/" + sha + "/input.png", input, "image/png");
            store.putOnce("samples/" + sha + "/target.png", target, "image/png");
            out.add(Map.of("sha256", sha, "inputKey", "samples/" + sha + "/input.png",
                    "targetKey", "samples/" + sha + "/target.png", "tags", List.of("shape")));
        }
        return out;
    }
}
