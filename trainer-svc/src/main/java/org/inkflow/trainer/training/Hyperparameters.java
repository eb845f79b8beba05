package org.inkflow.trainer.training;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.inkflow.model.training.InputNormalization;
import org.inkflow.model.training.TrainingGraph;
import org.inkflow.model.training.UNetConfig;

/**
 * Everything a training run can be told, with defaults sized for the demo (64x64, a few hundred images, 2 CPU
 * cores: 400 steps of 16 in a few minutes). Parsed from the JSON map of a request; an unknown name or a bad value
 * fails with a message that names it.
 */
public record Hyperparameters(
        int steps,
        Integer epochs,
        int batchSize,
        double learningRate,
        double beta1,
        double beta2,
        double epsilon,
        String schedule,
        int warmupSteps,
        int decaySteps,
        double decayRate,
        double minLearningRate,
        double l2,
        double dropout,
        double clipNorm,
        int width,
        int depth,
        String downsampling,
        String upsampling,
        String loss,
        double leakyReluAlpha,
        long seed,
        int logEvery,
        int validateEvery,
        int checkpointEvery,
        int keepCheckpoints,
        int earlyStoppingPatience,
        double earlyStoppingMinDelta,
        boolean flip,
        int maxShift,
        boolean sanity,
        int sanitySteps,
        int sanityBatchSize,
        boolean autoLearningRate,
        double emaDecay,
        int rangeTestSteps,
        String initFrom,
        List<String> freeze,
        boolean batchNorm,
        int checkpointEnsemble,
        boolean hints,
        double hueRotation,
        double adversarialWeight) {

    /** {@code <model>@<alias or version>}: the model a transfer-learning run starts from. */
    private static final java.util.regex.Pattern INIT_FROM =
            java.util.regex.Pattern.compile("([A-Za-z0-9][A-Za-z0-9._-]{0,127})@([A-Za-z0-9][A-Za-z0-9._-]{0,127})");
    private static final java.util.regex.Pattern LAYER = java.util.regex.Pattern.compile("[a-z][a-z0-9_]{0,63}");


    public static final List<String> SCHEDULES = List.of("constant", "step", "cosine");

    /** The value of {@code learningRate} that asks for a range test first. */
    public static final String AUTO = "auto";

    private static final Map<String, Object> DEFAULTS = defaultsMap();

    private static Map<String, Object> defaultsMap() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("steps", 400);
        d.put("epochs", null);
        d.put("batchSize", 16);
        d.put("learningRate", 0.002);
        d.put("beta1", 0.9);
        d.put("beta2", 0.999);
        d.put("epsilon", 1e-7);
        d.put("schedule", "cosine");
        d.put("warmupSteps", 0);
        d.put("decaySteps", 0);
        d.put("decayRate", 0.5);
        d.put("minLearningRate", 0.0);
        d.put("l2", 0.0);
        d.put("dropout", 0.0);
        d.put("clipNorm", 1.0);
        d.put("width", 16);
        d.put("depth", 2);
        d.put("downsampling", "strided_conv");
        d.put("upsampling", "transposed_conv");
        d.put("loss", "l1");
        d.put("leakyReluAlpha", 0.2);
        d.put("seed", 42L);
        d.put("logEvery", 10);
        d.put("validateEvery", 50);
        d.put("checkpointEvery", 100);
        d.put("keepCheckpoints", 3);
        d.put("earlyStoppingPatience", 5);
        d.put("earlyStoppingMinDelta", 0.0);
        d.put("flip", true);
        d.put("maxShift", 2);
        d.put("sanity", false);
        d.put("sanitySteps", 150);
        d.put("sanityBatchSize", 4);
        d.put("emaDecay", 0.0);
        d.put("rangeTestSteps", 100);
        d.put("initFrom", null);
        d.put("freeze", List.of());
        d.put("batchNorm", false);
        d.put("checkpointEnsemble", 0);
        // A hint-capable model serves without hints too (zeros): the page at / can take scribbles after the demo.
        d.put("hints", true);
        // Degrees: each target's hue turned by up to this much (0 = off); the hints follow the turned target.
        d.put("hueRotation", 0.0);
        // The PatchGAN term's weight beside L1 (0 = off: no discriminator in the graph).
        d.put("adversarialWeight", 0.0);
        return d;
    }

    /** The names a request may set. */
    public static Set<String> names() {
        return new TreeSet<>(DEFAULTS.keySet());
    }

    public static Hyperparameters defaults() {
        return parse(Map.of());
    }

    /** Reads a request's hyperparameters over the defaults; fails on unknown names and bad values. */
    public static Hyperparameters parse(Map<String, ?> given) {
        Map<String, Object> v = new LinkedHashMap<>(DEFAULTS);
        if (given != null) {
            for (Map.Entry<String, ?> e : given.entrySet()) {
                if (!DEFAULTS.containsKey(e.getKey())) {
                    throw new InvalidHyperparameterException("unknown hyperparameter '" + e.getKey()
                            + "'; known ones are " + names());
                }
                v.put(e.getKey(), e.getValue());
            }
        }
        // "auto": the run starts with a learning-rate range test and trains at its suggestion (the default until then).
        boolean auto = v.get("learningRate") instanceof String s && s.trim().equalsIgnoreCase(AUTO);
        if (auto) {
            v.put("learningRate", DEFAULTS.get("learningRate"));
        }
        Hyperparameters h = new Hyperparameters(
                integer(v, "steps", 1, 10_000_000), optionalInteger(v, "epochs", 1, 100_000),
                integer(v, "batchSize", 1, 4096),
                number(v, "learningRate", 0, 10), number(v, "beta1", 0, 0.999999), number(v, "beta2", 0, 0.999999),
                positive(v, "epsilon"), choice(v, "schedule", SCHEDULES),
                integer(v, "warmupSteps", 0, 10_000_000), integer(v, "decaySteps", 0, 10_000_000),
                number(v, "decayRate", 0, 1), number(v, "minLearningRate", 0, 10),
                number(v, "l2", 0, 1), number(v, "dropout", 0, 0.95), number(v, "clipNorm", 0, 1e6),
                integer(v, "width", 1, 512), integer(v, "depth", 1, UNetConfig.MAX_DEPTH),
                choice(v, "downsampling", List.of("strided_conv", "max_pool")),
                choice(v, "upsampling", List.of("transposed_conv", "resize_conv")),
                choice(v, "loss", List.of("l1", "mse")), number(v, "leakyReluAlpha", 0, 0.99),
                longValue(v, "seed"),
                integer(v, "logEvery", 1, 1_000_000), integer(v, "validateEvery", 1, 10_000_000),
                integer(v, "checkpointEvery", 1, 10_000_000), integer(v, "keepCheckpoints", 1, 1000),
                integer(v, "earlyStoppingPatience", 0, 1_000_000), number(v, "earlyStoppingMinDelta", 0, 1),
                bool(v, "flip"), integer(v, "maxShift", 0, 64),
                bool(v, "sanity"), integer(v, "sanitySteps", 1, 100_000), integer(v, "sanityBatchSize", 1, 256),
                auto, emaDecay(v), integer(v, "rangeTestSteps", 10, 10_000), initFrom(v), freeze(v),
                bool(v, "batchNorm"), checkpointEnsemble(v), bool(v, "hints"), number(v, "hueRotation", 0, 180),
                number(v, "adversarialWeight", 0, 10));
        if (!h.freeze().isEmpty() && h.initFrom() == null) {
            throw new InvalidHyperparameterException("hyperparameter 'freeze' keeps layers as loaded: it needs 'initFrom'");
        }
        if (!h.freeze().isEmpty()) {
            try {
                h.graphOptions(InputNormalization.identity(), null, 0).checkFrozen();
            } catch (IllegalArgumentException e) {
                throw new InvalidHyperparameterException("hyperparameter 'freeze': " + e.getMessage());
            }
        }
        if (!auto && h.minLearningRate() > h.learningRate()) {
            throw new InvalidHyperparameterException("minLearningRate " + h.minLearningRate()
                    + " must not exceed learningRate " + h.learningRate());
        }
        return h;
    }

    /** The values as a JSON-ready map (what the model card and status document record). */
    public Map<String, Object> asMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("steps", steps);
        if (epochs != null) {
            m.put("epochs", epochs);
        }
        m.put("batchSize", batchSize);
        m.put("learningRate", autoLearningRate ? AUTO : learningRate);
        m.put("beta1", beta1);
        m.put("beta2", beta2);
        m.put("epsilon", epsilon);
        m.put("schedule", schedule);
        m.put("warmupSteps", warmupSteps);
        m.put("decaySteps", decaySteps);
        m.put("decayRate", decayRate);
        m.put("minLearningRate", minLearningRate);
        m.put("l2", l2);
        m.put("dropout", dropout);
        m.put("clipNorm", clipNorm);
        m.put("width", width);
        m.put("depth", depth);
        m.put("downsampling", downsampling);
        m.put("upsampling", upsampling);
        m.put("loss", loss);
        m.put("leakyReluAlpha", leakyReluAlpha);
        m.put("seed", seed);
        m.put("logEvery", logEvery);
        m.put("validateEvery", validateEvery);
        m.put("checkpointEvery", checkpointEvery);
        m.put("keepCheckpoints", keepCheckpoints);
        m.put("earlyStoppingPatience", earlyStoppingPatience);
        m.put("earlyStoppingMinDelta", earlyStoppingMinDelta);
        m.put("flip", flip);
        m.put("maxShift", maxShift);
        m.put("sanity", sanity);
        m.put("sanitySteps", sanitySteps);
        m.put("sanityBatchSize", sanityBatchSize);
        m.put("emaDecay", emaDecay);
        m.put("rangeTestSteps", rangeTestSteps);
        if (initFrom != null) {
            m.put("initFrom", initFrom);
        }
        m.put("freeze", freeze);
        m.put("batchNorm", batchNorm);
        m.put("checkpointEnsemble", checkpointEnsemble);
        m.put("hints", hints);
        m.put("hueRotation", hueRotation);
        m.put("adversarialWeight", adversarialWeight);
        return m;
    }

    /** These values training at {@code learningRate} (what a range test suggested for an "auto" run). */
    public Hyperparameters withLearningRate(double learningRate) {
        return with(Map.of("learningRate", learningRate));
    }

    /** These values with some replaced (a search trial), validated again. */
    public Hyperparameters with(Map<String, ?> overrides) {
        Map<String, Object> m = asMap();
        m.putAll(overrides);
        return parse(m);
    }

    /** The number of optimizer steps: {@code epochs} passes over {@code trainSize} samples when given, else steps. */
    public int totalSteps(int trainSize) {
        if (epochs == null) {
            return steps;
        }
        long perEpoch = Math.max(1, (trainSize + batchSize - 1) / batchSize);
        return (int) Math.min(Integer.MAX_VALUE, perEpoch * epochs);
    }

    public UNetConfig modelConfig() {
        return new UNetConfig(width, depth, (float) leakyReluAlpha,
                UNetConfig.Downsampling.valueOf(downsampling.toUpperCase(Locale.ROOT)),
                UNetConfig.Upsampling.valueOf(upsampling.toUpperCase(Locale.ROOT)),
                UNetConfig.Loss.valueOf(loss.toUpperCase(Locale.ROOT)), (float) dropout, (float) l2, batchNorm, hints);
    }

    /** The graph's options; {@code meanColor} (the training split's mean RGB, may be null) sets the output bias. */
    public TrainingGraph.Options graphOptions(InputNormalization normalization, float[] meanColor, int threads) {
        return new TrainingGraph.Options(modelConfig(), normalization, (float) beta1, (float) beta2, (float) epsilon,
                (float) clipNorm, seed, threads, meanColor).withEmaDecay((float) emaDecay).withFrozen(Set.copyOf(freeze))
                .withAdversarialWeight((float) adversarialWeight);
    }

    /** 0 (off) or 2-8 checkpoints averaged in one extra model version. */
    private static int checkpointEnsemble(Map<String, Object> v) {
        int k = integer(v, "checkpointEnsemble", 0, 8);
        if (k == 1) {
            throw new InvalidHyperparameterException("hyperparameter 'checkpointEnsemble' must be 0 (off) or between 2"
                    + " and 8 checkpoints; 1 is the best checkpoint, which every run exports anyway");
        }
        return k;
    }

    /** 0 (no average) or a decay in [0.5, 0.99999]: below 0.5 the "average" is the last step's weights. */
    private static double emaDecay(Map<String, Object> v) {
        double d = number(v, "emaDecay", 0, 0.99999);
        if (d != 0 && d < 0.5) {
            throw new InvalidHyperparameterException("hyperparameter 'emaDecay' must be 0 (off) or between 0.5 and"
                    + " 0.99999; got " + d);
        }
        return d;
    }

    /** The {@code initFrom} model name and its alias or version; null without one. */
    public String[] initFromParts() {
        if (initFrom == null) {
            return null;
        }
        java.util.regex.Matcher m = INIT_FROM.matcher(initFrom);
        if (!m.matches()) {
            throw new IllegalStateException("unparsed initFrom " + initFrom);
        }
        return new String[] {m.group(1), m.group(2)};
    }

    private static String initFrom(Map<String, Object> v) {
        Object o = v.get("initFrom");
        if (o == null) {
            return null;
        }
        if (!(o instanceof String s) || !INIT_FROM.matcher(s.trim()).matches()) {
            throw new InvalidHyperparameterException("hyperparameter 'initFrom' must be '<model>@<alias or version>',"
                    + " e.g. 'colorizer@production'; got " + o);
        }
        return s.trim();
    }

    private static List<String> freeze(Map<String, Object> v) {
        Object o = v.get("freeze");
        if (o == null) {
            return List.of();
        }
        if (!(o instanceof List<?> list) || list.size() > 64) {
            throw new InvalidHyperparameterException("hyperparameter 'freeze' must be a list of at most 64 layer names"
                    + " or prefixes, e.g. [\"enc0\", \"enc1\"]; got " + o);
        }
        java.util.TreeSet<String> out = new java.util.TreeSet<>();
        for (Object item : list) {
            if (!(item instanceof String s) || !LAYER.matcher(s).matches()) {
                throw new InvalidHyperparameterException("hyperparameter 'freeze' lists layer names such as 'enc0' or"
                        + " 'enc0_conv1'; got " + item);
            }
            out.add(s);
        }
        return List.copyOf(out);
    }

    private static Object present(Map<String, Object> v, String name) {
        Object o = v.get(name);
        if (o == null) {
            throw new InvalidHyperparameterException("hyperparameter '" + name + "' is null; leave it out for the default "
                    + DEFAULTS.get(name));
        }
        return o;
    }

    private static double number(Map<String, Object> v, String name, double min, double max) {
        Object o = present(v, name);
        double d;
        if (o instanceof Number n) {
            d = n.doubleValue();
        } else if (o instanceof String s) {
            try {
                d = Double.parseDouble(s.trim());
            } catch (NumberFormatException e) {
                throw new InvalidHyperparameterException("hyperparameter '" + name + "' must be a number; got '" + s + "'");
            }
        } else {
            throw new InvalidHyperparameterException("hyperparameter '" + name + "' must be a number; got " + o);
        }
        if (!(d >= min && d <= max)) {
            throw new InvalidHyperparameterException("hyperparameter '" + name + "' must be between " + min + " and "
                    + max + "; got " + d);
        }
        return d;
    }

    private static double positive(Map<String, Object> v, String name) {
        double d = number(v, name, 0, 1);
        if (d <= 0) {
            throw new InvalidHyperparameterException("hyperparameter '" + name + "' must be > 0; got " + d);
        }
        return d;
    }

    private static int integer(Map<String, Object> v, String name, int min, int max) {
        double d = number(v, name, min, max);
        if (d != Math.rint(d)) {
            throw new InvalidHyperparameterException("hyperparameter '" + name + "' must be a whole number; got " + d);
        }
        return (int) d;
    }

    private static Integer optionalInteger(Map<String, Object> v, String name, int min, int max) {
        return v.get(name) == null ? null : integer(v, name, min, max);
    }

    private static long longValue(Map<String, Object> v, String name) {
        Object o = present(v, name);
        if (o instanceof Integer || o instanceof Long) {
            return ((Number) o).longValue();
        }
        if (o instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
            return n.longValue();
        }
        if (o instanceof String s) {
            try {
                return Long.parseLong(s.trim());
            } catch (NumberFormatException e) {
                // falls through to the error below
            }
        }
        throw new InvalidHyperparameterException("hyperparameter '" + name + "' must be a whole number; got " + o);
    }

    private static boolean bool(Map<String, Object> v, String name) {
        Object o = present(v, name);
        if (o instanceof Boolean b) {
            return b;
        }
        if (o instanceof String s && (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false"))) {
            return Boolean.parseBoolean(s);
        }
        throw new InvalidHyperparameterException("hyperparameter '" + name + "' must be true or false; got " + o);
    }

    private static String choice(Map<String, Object> v, String name, List<String> allowed) {
        Object o = present(v, name);
        String s = o.toString().trim().toLowerCase(Locale.ROOT);
        if (!allowed.contains(s)) {
            throw new InvalidHyperparameterException("hyperparameter '" + name + "' must be one of " + allowed
                    + "; got '" + o + "'");
        }
        return s;
    }
}
