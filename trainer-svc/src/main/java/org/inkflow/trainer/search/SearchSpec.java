package org.inkflow.trainer.search;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.inkflow.trainer.training.Hyperparameters;
import org.inkflow.trainer.training.InvalidHyperparameterException;

/**
 * A hyperparameter search: {@code {"strategy": "grid"|"random", "trials": n, "seed": s, "space": {"learningRate":
 * [0.001, 0.003], "width": [8, 16], "dropout": {"min": 0, "max": 0.3}, "l2": {"min": 1e-6, "max": 1e-3,
 * "log": true}}}}. Grid search walks the product of the listed values (ranges are not allowed) up to the trial
 * budget; random search draws each trial's values from lists or ranges with the search's seed. Every trial is
 * validated as hyperparameters before any training starts.
 */
public record SearchSpec(String strategy, int trials, long seed, Map<String, Object> space) {

    public static final int MAX_TRIALS = 100;

    /**
     * The most combinations a grid may have. The size is computed from the list lengths without building the product,
     * so a few hundred bytes of JSON cannot ask for billions of trial maps (issue 17's grid bomb).
     */
    public static final long MAX_GRID_COMBINATIONS = 10_000;

    @SuppressWarnings("unchecked")
    public static SearchSpec parse(Map<String, ?> search) {
        Object strategy = search.get("strategy");
        String s = strategy == null ? "random" : strategy.toString().toLowerCase(Locale.ROOT);
        if (!s.equals("grid") && !s.equals("random")) {
            throw new InvalidHyperparameterException("search strategy must be 'grid' or 'random'; got '" + strategy + "'");
        }
        Object trials = search.get("trials");
        int n;
        if (trials == null) {
            n = 4;
        } else if (trials instanceof Number num && num.doubleValue() == Math.rint(num.doubleValue())) {
            n = num.intValue();
        } else {
            throw new InvalidHyperparameterException("search 'trials' must be a whole number; got " + trials);
        }
        if (n < 1 || n > MAX_TRIALS) {
            throw new InvalidHyperparameterException("search 'trials' (the trial budget) must be between 1 and "
                    + MAX_TRIALS + "; got " + n);
        }
        long seed = search.get("seed") instanceof Number num ? num.longValue() : 7L;
        Object space = search.get("space");
        if (!(space instanceof Map<?, ?> m) || m.isEmpty()) {
            throw new InvalidHyperparameterException("search needs a non-empty 'space' object mapping hyperparameter"
                    + " names to value lists or {min,max[,log]} ranges");
        }
        for (Map.Entry<?, ?> e : m.entrySet()) {
            String name = String.valueOf(e.getKey());
            if (!Hyperparameters.names().contains(name)) {
                throw new InvalidHyperparameterException("search space names unknown hyperparameter '" + name
                        + "'; known ones are " + Hyperparameters.names());
            }
            if (e.getValue() instanceof List<?> list) {
                if (list.isEmpty()) {
                    throw new InvalidHyperparameterException("search space '" + name + "' lists no values");
                }
            } else if (e.getValue() instanceof Map<?, ?> range) {
                if (s.equals("grid")) {
                    throw new InvalidHyperparameterException("grid search needs value lists; '" + name
                            + "' is a range (use strategy 'random' for ranges)");
                }
                if (!(range.get("min") instanceof Number) || !(range.get("max") instanceof Number)) {
                    throw new InvalidHyperparameterException("search range '" + name + "' needs numeric 'min' and 'max'");
                }
            } else {
                throw new InvalidHyperparameterException("search space '" + name + "' must be a list of values or a"
                        + " {min,max} range; got " + e.getValue());
            }
        }
        SearchSpec spec = new SearchSpec(s, n, seed, new LinkedHashMap<>((Map<String, Object>) m));
        if (s.equals("grid")) {
            BigInteger size = spec.gridSize();
            if (size.compareTo(BigInteger.valueOf(MAX_GRID_COMBINATIONS)) > 0) {
                throw new InvalidHyperparameterException("grid search space has " + size + " combinations ("
                        + spec.space.size() + " parameters with " + spec.listLengths() + " values); at most "
                        + MAX_GRID_COMBINATIONS + " are allowed: list fewer values, or use strategy 'random' to draw "
                        + n + " trials from a space of any size");
            }
        }
        return spec;
    }

    /** The number of grid combinations, the product of the list lengths, computed without building them. */
    BigInteger gridSize() {
        BigInteger size = BigInteger.ONE;
        for (Object values : space.values()) {
            size = size.multiply(BigInteger.valueOf(((List<?>) values).size()));
        }
        return size;
    }

    private String listLengths() {
        StringBuilder out = new StringBuilder();
        for (Object values : space.values()) {
            out.append(out.isEmpty() ? "" : " × ").append(((List<?>) values).size());
        }
        return out.toString();
    }

    /** Each trial's hyperparameter overrides, in order; checked against {@code base} so a bad value fails now. */
    public List<Map<String, Object>> plan(Hyperparameters base) {
        List<Map<String, Object>> out = strategy.equals("grid") ? grid() : random();
        for (Map<String, Object> trial : out) {
            base.with(trial);
        }
        return out;
    }

    /**
     * The first {@code trials} combinations of the grid in product order (the last parameter varies fastest), each
     * decoded from its index so only the combinations that will run are ever built.
     */
    private List<Map<String, Object>> grid() {
        List<String> names = new ArrayList<>(space.keySet());
        long count = gridSize().min(BigInteger.valueOf(trials)).longValue();
        List<Map<String, Object>> combos = new ArrayList<>();
        for (long index = 0; index < count; index++) {
            Object[] picked = new Object[names.size()];
            long rest = index;
            for (int k = names.size() - 1; k >= 0; k--) {
                List<?> values = (List<?>) space.get(names.get(k));
                picked[k] = values.get((int) (rest % values.size()));
                rest /= values.size();
            }
            Map<String, Object> combo = new LinkedHashMap<>();
            for (int k = 0; k < names.size(); k++) {
                combo.put(names.get(k), picked[k]);
            }
            combos.add(combo);
        }
        return combos;
    }

    private List<Map<String, Object>> random() {
        SplittableRandom random = new SplittableRandom(seed);
        List<Map<String, Object>> out = new ArrayList<>();
        for (int t = 0; t < trials; t++) {
            Map<String, Object> trial = new LinkedHashMap<>();
            for (Map.Entry<String, Object> e : space.entrySet()) {
                if (e.getValue() instanceof List<?> list) {
                    trial.put(e.getKey(), list.get(random.nextInt(list.size())));
                } else {
                    Map<?, ?> range = (Map<?, ?>) e.getValue();
                    double min = ((Number) range.get("min")).doubleValue();
                    double max = ((Number) range.get("max")).doubleValue();
                    boolean log = Boolean.TRUE.equals(range.get("log"));
                    double u = random.nextDouble();
                    trial.put(e.getKey(), log && min > 0
                            ? Math.exp(Math.log(min) + u * (Math.log(max) - Math.log(min)))
                            : min + u * (max - min));
                }
            }
            out.add(trial);
        }
        return out;
    }
}
