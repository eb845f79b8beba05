package org.inkflow.e2e;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A named set of demo settings ({@code ./inkflow demo --recipe NAME}): images, size, steps and the trainer's
 * hyperparameters for the automatic run, with how long the demo waits for that run. {@code quality} is the recipe
 * measured on the held-out set (docs/decisions/0041-quality-recipe.md, bench/recipe.sh); explicit {@code --images},
 * {@code --size} and {@code --steps} still override it.
 */
record DemoRecipe(String name, int images, int size, int steps, Map<String, String> hyperparameters,
                  Duration trainingWait) {

    /** More than OpenMoji 17 has, so the crawl takes every emoji it can use. */
    static final int ALL_IMAGES = 5000;

    static final List<String> NAMES = List.of("quality");

    /** The recipe called {@code name}; fails naming the known ones. */
    static DemoRecipe named(String name) {
        if (!"quality".equals(name)) {
            throw new IllegalArgumentException("unknown recipe '" + name + "'; known: " + NAMES);
        }
        Map<String, String> h = new LinkedHashMap<>();
        // Kept by the ablation (bench/recipe.sh); sized for under 30 minutes of training on 2 CPU cores.
        h.put("width", "32");
        h.put("depth", "3");
        h.put("hueRotation", "60");
        h.put("emaDecay", "0.99");
        return new DemoRecipe(name, ALL_IMAGES, 128, 2000, Map.copyOf(h), Duration.ofMinutes(60));
    }
}
