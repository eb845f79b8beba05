package org.inkflow.model.training;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.inkflow.model.serving.ImageBatch;

/**
 * Pictures of the network, the playbook's "visualize" step, drawn with Java2D so a run can store them as PNGs:
 * the first layer's filters as a grid ({@link #filterGrid}), the validation inputs that most activate a layer's
 * strongest feature maps beside the maps ({@link #topActivations}), each layer's distributions over training as
 * small multiples of quantile bands like TensorBoard's distribution view ({@link #distributions}), and a histogram
 * ({@link #histogram}). Pure functions of their arrays.
 */
public final class NetworkPictures {

    /** TensorBoard's distribution basis points: min, 7%, 16%, 31%, median, 69%, 84%, 93%, max. */
    public static final double[] BASIS_POINTS = {0, 0.0668, 0.1587, 0.3085, 0.5, 0.6915, 0.8413, 0.9332, 1};

    /** One step's quantiles ({@link #BASIS_POINTS}) of one tensor. */
    public record Quantiles(long step, float[] values) {

        public Quantiles {
            if (values.length != BASIS_POINTS.length) {
                throw new IllegalArgumentException("expected " + BASIS_POINTS.length + " quantiles; got " + values.length);
            }
        }
    }

    private static final Font SMALL = new Font(Font.SANS_SERIF, Font.PLAIN, 11);
    private static final Color BACKGROUND = new Color(0xf6f6f6);

    private NetworkPictures() {
    }

    /** The {@link #BASIS_POINTS} quantiles of {@code values} (NaN dropped); all NaN when nothing is finite. */
    public static float[] quantiles(float[] values) {
        float[] sorted = Arrays.copyOf(values, values.length);
        int n = 0;
        for (float v : sorted) {
            if (Float.isFinite(v)) {
                sorted[n++] = v;
            }
        }
        float[] out = new float[BASIS_POINTS.length];
        if (n == 0) {
            Arrays.fill(out, Float.NaN);
            return out;
        }
        Arrays.sort(sorted, 0, n);
        for (int i = 0; i < out.length; i++) {
            out[i] = sorted[(int) Math.round(BASIS_POINTS[i] * (n - 1))];
        }
        return out;
    }

    /**
     * A layer's filters {@code [k,k,in,out]} (TensorFlow's layout, flattened) as a grid of {@code out} tiles, each the
     * filter's weights on input channel 0, {@code scale} pixels a weight, blue negative and red positive, white zero,
     * on one scale shared by every filter so their strengths compare.
     */
    public static BufferedImage filterGrid(float[] kernel, int k, int in, int out, int scale) {
        if (kernel.length != k * k * in * out) {
            throw new IllegalArgumentException("kernel of " + kernel.length + " values is not " + k + "x" + k + "x" + in
                    + "x" + out);
        }
        float max = 1e-12f;
        for (float v : kernel) {
            max = Math.max(max, Math.abs(v));
        }
        int columns = (int) Math.ceil(Math.sqrt(out));
        int rows = (out + columns - 1) / columns;
        int tile = k * scale;
        int gap = Math.max(2, scale / 3);
        BufferedImage image = new BufferedImage(columns * (tile + gap) + gap, rows * (tile + gap) + gap,
                BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setColor(Color.GRAY);
            g.fillRect(0, 0, image.getWidth(), image.getHeight());
            for (int f = 0; f < out; f++) {
                int x0 = gap + (f % columns) * (tile + gap);
                int y0 = gap + (f / columns) * (tile + gap);
                for (int y = 0; y < k; y++) {
                    for (int x = 0; x < k; x++) {
                        // [y, x, 0, f] in a [k, k, in, out] array
                        g.setColor(diverging(kernel[((y * k + x) * in) * out + f] / max));
                        g.fillRect(x0 + x * scale, y0 + y * scale, scale, scale);
                    }
                }
            }
        } finally {
            g.dispose();
        }
        return image;
    }

    /**
     * For the {@code maps} strongest feature maps of a layer (highest mean activation over {@code activations}
     * {@code [N,h,w,c]}), one row each: the 9 inputs ({@code [N,H,W,1]} line art) whose map peaks highest, each with
     * its map beside it as a heat map (black 0 to yellow at the row's peak). Fewer inputs than 9 show them all.
     */
    public static BufferedImage topActivations(String layer, ImageBatch inputs, ImageBatch activations, int maps) {
        if (inputs.n() != activations.n()) {
            throw new IllegalArgumentException(inputs.n() + " inputs but " + activations.n() + " activations");
        }
        int n = inputs.n();
        int shown = Math.min(maps, activations.channels());
        int[] channels = strongestMaps(activations, shown);
        int per = Math.min(9, n);
        // Whole multiples of the input's size, about 48 px on its long side, its aspect kept.
        int zoom = Math.max(1, 48 / Math.max(inputs.height(), inputs.width()));
        int cellW = inputs.width() * zoom;
        int cellH = inputs.height() * zoom;
        int label = 16;
        int gap = 4;
        BufferedImage image = new BufferedImage(per * (2 * cellW + 3 * gap) + gap, label + shown * (cellH + label + gap),
                BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            smooth(g);
            g.setColor(BACKGROUND);
            g.fillRect(0, 0, image.getWidth(), image.getHeight());
            g.setColor(Color.DARK_GRAY);
            g.setFont(SMALL);
            g.drawString(layer + ": the " + per + " validation inputs that activate its " + shown
                    + " strongest feature maps most, each beside its map", gap, 12);
            for (int row = 0; row < shown; row++) {
                int ch = channels[row];
                int[] order = topInputs(activations, ch, per);
                int y0 = label + row * (cellH + label + gap);
                g.setColor(Color.DARK_GRAY);
                g.drawString(String.format(Locale.ROOT, "map %d (mean %.3f)", ch, channelMean(activations, ch)),
                        gap, y0 + 12);
                float rowPeak = Math.max(1e-12f, peak(activations, order[0], ch));
                for (int j = 0; j < per; j++) {
                    int i = order[j];
                    int x0 = gap + j * (2 * cellW + 3 * gap);
                    g.drawImage(gray(inputs, i), x0, y0 + label, cellW, cellH, null);
                    g.drawImage(heat(activations, i, ch, rowPeak), x0 + cellW + gap, y0 + label, cellW, cellH, null);
                }
            }
        } finally {
            g.dispose();
        }
        return image;
    }

    /** The channels of {@code activations} {@code [N,h,w,c]} by mean activation, highest first (ties by index). */
    static int[] strongestMaps(ImageBatch activations, int count) {
        int c = activations.channels();
        double[] mean = new double[c];
        for (int ch = 0; ch < c; ch++) {
            mean[ch] = channelMean(activations, ch);
        }
        return java.util.stream.IntStream.range(0, c).boxed()
                .sorted(Comparator.comparingDouble((Integer ch) -> -mean[ch]).thenComparingInt(ch -> ch))
                .limit(count).mapToInt(Integer::intValue).toArray();
    }

    /** The {@code count} samples whose map {@code channel} peaks highest, highest first (ties by index). */
    static int[] topInputs(ImageBatch activations, int channel, int count) {
        float[] peaks = new float[activations.n()];
        for (int i = 0; i < peaks.length; i++) {
            peaks[i] = peak(activations, i, channel);
        }
        return java.util.stream.IntStream.range(0, peaks.length).boxed()
                .sorted(Comparator.comparingDouble((Integer i) -> -peaks[i]).thenComparingInt(i -> i))
                .limit(count).mapToInt(Integer::intValue).toArray();
    }

    private static double channelMean(ImageBatch a, int channel) {
        double sum = 0;
        int values = a.n() * a.height() * a.width();
        for (int p = 0; p < values; p++) {
            sum += a.data()[p * a.channels() + channel];
        }
        return sum / values;
    }

    private static float peak(ImageBatch a, int sample, int channel) {
        int hw = a.height() * a.width();
        float max = Float.NEGATIVE_INFINITY;
        for (int p = 0; p < hw; p++) {
            max = Math.max(max, a.data()[(sample * hw + p) * a.channels() + channel]);
        }
        return max;
    }

    /**
     * Small multiples: one panel per (row, column) name pair, each the quantile bands of its history against the
     * step, like TensorBoard's distribution view (darker towards the median). Rows are typically layers and columns
     * the kind of tensor (weights, biases, pre-activations, gradients); a missing history leaves its panel empty.
     */
    public static BufferedImage distributions(List<String> rows, List<String> columns,
                                              Map<String, Map<String, List<Quantiles>>> histories) {
        int panelW = 190;
        int panelH = 84;
        int left = 96;
        int top = 20;
        BufferedImage image = new BufferedImage(left + columns.size() * (panelW + 8), top + rows.size() * (panelH + 8),
                BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            smooth(g);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, image.getWidth(), image.getHeight());
            g.setFont(SMALL);
            for (int c = 0; c < columns.size(); c++) {
                g.setColor(Color.DARK_GRAY);
                g.drawString(columns.get(c), left + c * (panelW + 8) + 4, 13);
            }
            for (int r = 0; r < rows.size(); r++) {
                int y0 = top + r * (panelH + 8);
                g.setColor(Color.DARK_GRAY);
                g.drawString(rows.get(r), 4, y0 + panelH / 2);
                for (int c = 0; c < columns.size(); c++) {
                    int x0 = left + c * (panelW + 8);
                    List<Quantiles> history = histories.getOrDefault(rows.get(r), Map.of()).get(columns.get(c));
                    panel(g, x0, y0, panelW, panelH, history == null ? List.of() : history);
                }
            }
        } finally {
            g.dispose();
        }
        return image;
    }

    /** A histogram of {@code values} in {@code bins} equal bins over their range, titled. */
    public static BufferedImage histogram(String title, float[] values, int bins) {
        float lo = Float.POSITIVE_INFINITY;
        float hi = Float.NEGATIVE_INFINITY;
        for (float v : values) {
            if (Float.isFinite(v)) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }
        long[] counts = new long[bins];
        if (lo <= hi) {
            float width = Math.max(1e-12f, hi - lo);
            for (float v : values) {
                if (Float.isFinite(v)) {
                    counts[Math.min(bins - 1, (int) ((v - lo) / width * bins))]++;
                }
            }
        }
        long most = Math.max(1, Arrays.stream(counts).max().orElse(1));
        int w = 420;
        int h = 200;
        int base = h - 24;
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            smooth(g);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, w, h);
            g.setFont(SMALL);
            g.setColor(Color.DARK_GRAY);
            g.drawString(title, 8, 14);
            double barW = (w - 16.0) / bins;
            g.setColor(new Color(0x3b6ea8));
            for (int b = 0; b < bins; b++) {
                int barH = (int) Math.round((base - 24) * (double) counts[b] / most);
                g.fillRect(8 + (int) Math.round(b * barW), base - barH, Math.max(1, (int) Math.floor(barW) - 1), barH);
            }
            g.setColor(Color.DARK_GRAY);
            g.drawLine(8, base, w - 8, base);
            if (lo <= hi) {
                g.drawString(String.format(Locale.ROOT, "%.3g", lo), 8, h - 8);
                String right = String.format(Locale.ROOT, "%.3g", hi);
                g.drawString(right, w - 8 - g.getFontMetrics().stringWidth(right), h - 8);
            }
        } finally {
            g.dispose();
        }
        return image;
    }

    private static void panel(Graphics2D g, int x0, int y0, int w, int h, List<Quantiles> history) {
        g.setColor(BACKGROUND);
        g.fillRect(x0, y0, w, h);
        List<Quantiles> finite = new ArrayList<>();
        for (Quantiles q : history) {
            if (Float.isFinite(q.values()[0]) && Float.isFinite(q.values()[q.values().length - 1])) {
                finite.add(q);
            }
        }
        if (finite.isEmpty()) {
            return;
        }
        float lo = Float.POSITIVE_INFINITY;
        float hi = Float.NEGATIVE_INFINITY;
        for (Quantiles q : finite) {
            lo = Math.min(lo, q.values()[0]);
            hi = Math.max(hi, q.values()[q.values().length - 1]);
        }
        float span = Math.max(1e-12f, hi - lo);
        long first = finite.get(0).step();
        long last = finite.get(finite.size() - 1).step();
        double stepSpan = Math.max(1, last - first);
        int bands = BASIS_POINTS.length / 2;
        for (int b = 0; b < bands; b++) {
            // Outer bands light, inner ones dark: min-max, 7-93%, 16-84%, 31-69%.
            g.setColor(new Color(255 - 45 * (b + 1), 140 - 25 * b, 60 - 10 * b));
            int points = finite.size();
            int[] xs = new int[2 * Math.max(points, 2)];
            int[] ys = new int[xs.length];
            int m = 0;
            for (int i = 0; i < Math.max(points, 2); i++) {
                Quantiles q = finite.get(Math.min(i, points - 1));
                double x = points == 1 ? (i == 0 ? 0 : w - 1) : (q.step() - first) / stepSpan * (w - 1);
                xs[m] = x0 + (int) Math.round(x);
                ys[m++] = y0 + h - 1 - (int) Math.round((q.values()[BASIS_POINTS.length - 1 - b] - lo) / span * (h - 1));
            }
            for (int i = Math.max(points, 2) - 1; i >= 0; i--) {
                Quantiles q = finite.get(Math.min(i, points - 1));
                double x = points == 1 ? (i == 0 ? 0 : w - 1) : (q.step() - first) / stepSpan * (w - 1);
                xs[m] = x0 + (int) Math.round(x);
                ys[m++] = y0 + h - 1 - (int) Math.round((q.values()[b] - lo) / span * (h - 1));
            }
            g.fillPolygon(xs, ys, m);
        }
        g.setColor(Color.DARK_GRAY);
        g.setStroke(new BasicStroke(1f));
        g.drawRect(x0, y0, w - 1, h - 1);
        g.drawString(String.format(Locale.ROOT, "%.2g", hi), x0 + 3, y0 + 11);
        g.drawString(String.format(Locale.ROOT, "%.2g", lo), x0 + 3, y0 + h - 3);
        String steps = first + "-" + last;
        g.drawString(steps, x0 + w - 4 - g.getFontMetrics().stringWidth(steps), y0 + h - 3);
    }

    /** Blue (-1) through white (0) to red (+1). */
    static Color diverging(float v) {
        float t = Math.max(-1f, Math.min(1f, v));
        int fade = Math.round(255 * (1 - Math.abs(t)));
        return t >= 0 ? new Color(255, fade, fade) : new Color(fade, fade, 255);
    }

    private static BufferedImage gray(ImageBatch batch, int i) {
        BufferedImage image = new BufferedImage(batch.width(), batch.height(), BufferedImage.TYPE_INT_RGB);
        int hw = batch.height() * batch.width();
        for (int p = 0; p < hw; p++) {
            int v = Math.round(255 * Math.max(0f, Math.min(1f, batch.data()[(i * hw + p) * batch.channels()])));
            image.setRGB(p % batch.width(), p / batch.width(), (v << 16) | (v << 8) | v);
        }
        return image;
    }

    private static BufferedImage heat(ImageBatch activations, int i, int ch, float peak) {
        int w = activations.width();
        int hw = activations.height() * w;
        BufferedImage image = new BufferedImage(w, activations.height(), BufferedImage.TYPE_INT_RGB);
        for (int p = 0; p < hw; p++) {
            float t = Math.max(0f, Math.min(1f, activations.data()[(i * hw + p) * activations.channels() + ch] / peak));
            int r = Math.round(255 * Math.min(1f, 2 * t));
            int gr = Math.round(255 * Math.max(0f, 2 * t - 1));
            image.setRGB(p % w, p / w, (r << 16) | (gr << 8));
        }
        return image;
    }

    private static void smooth(Graphics2D g) {
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    }
}
