package org.inkflow.model.serving;

import org.inkflow.common.keys.Keys;

import org.tensorflow.SavedModelBundle;
import org.tensorflow.Signature;

/**
 * The exported-model contract between the trainer that writes a model version and the services that load it: a
 * directory with {@code saved_model/} (tag {@code serve}, signature {@code serving_default}: {@code line_art} FP32
 * {@code [-1,-1,-1,1]} in [0,1] to {@code rgb} FP32 {@code [-1,-1,-1,3]} in [0,1], the input normalization inside
 * the graph) and {@code model-card.json} beside it. A model trained with color hints takes a second input,
 * {@code hints} FP32 {@code [-1,-1,-1,4]} (RGB in [0,1] and a mask, 1 where a hint is; the same N, H, W as the line
 * art); all zeros there means "no hints", and a model without it serves exactly as before.
 */
public final class ExportedModel {

    public static final String TAG = SavedModelBundle.DEFAULT_TAG;
    public static final String SIGNATURE = Signature.DEFAULT_KEY;
    public static final String INPUT = "line_art";
    public static final String OUTPUT = "rgb";
    /** The optional second input of a hint model: {@code [N,H,W,4]} RGB + mask. */
    public static final String HINTS = "hints";
    /** Channels of {@link #HINTS}: R, G, B, mask. */
    public static final int HINT_CHANNELS = 4;
    public static final String SAVED_MODEL_DIR = Keys.SAVED_MODEL;
    public static final String SAVED_MODEL_FILE = "saved_model.pb";
    public static final String MODEL_CARD = Keys.MODEL_CARD;

    private ExportedModel() {
    }

    /**
     * TensorFlow session settings for a model's session: soft placement (ops without a GPU kernel fall back to the
     * CPU) and, when {@code threads > 0}, that many intra-op threads (0: TensorFlow chooses).
     */
    public static org.tensorflow.proto.ConfigProto sessionConfig(int threads) {
        org.tensorflow.proto.ConfigProto.Builder config = org.tensorflow.proto.ConfigProto.newBuilder()
                .setAllowSoftPlacement(true);
        if (threads > 0) {
            config.setIntraOpParallelismThreads(threads).setInterOpParallelismThreads(Math.min(2, threads));
        }
        return config.build();
    }
}
