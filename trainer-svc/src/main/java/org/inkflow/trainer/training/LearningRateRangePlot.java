package org.inkflow.trainer.training;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Locale;

/**
 * The range test's picture: loss against learning rate on a log axis, the raw loss in light gray, the smoothed loss
 * in blue, the suggested rate as a green line and the divergence point as a red one, as fastai's
 * {@code lr_find} plot shows it.
 */
public final class LearningRateRangePlot {

    static final Color RAW = new Color(190, 190, 190);
    static final Color SMOOTHED = new Color(31, 119, 180);
    static final Color SUGGESTED = new Color(44, 160, 44);
    static final Color DIVERGED = new Color(214, 39, 40);
    static final int MARGIN = 48;

    private LearningRateRangePlot() {
    }

    public static BufferedImage render(LearningRateRange.Result result, int width, int height) {
        if (width < 2 * MARGIN + 10 || height < 2 * MARGIN + 10) {
            throw new IllegalArgumentException("a " + width + "x" + height + " plot leaves no room inside its margins");
        }
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
            List<LearningRateRange.Point> points = result.points().stream()
                    .filter(p -> Double.isFinite(p.loss())).toList();
            g.setColor(Color.DARK_GRAY);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
            g.drawRect(MARGIN, MARGIN / 2, width - 2 * MARGIN, height - MARGIN - MARGIN / 2);
            g.drawString("learning rate (log)", width / 2 - 45, height - 8);
            g.drawString("loss", 6, MARGIN / 2 + 12);
            if (points.size() < 2) {
                g.drawString("too few steps to plot", width / 2 - 50, height / 2);
                return image;
            }
            Scale x = new Scale(Math.log10(points.get(0).learningRate()),
                    Math.log10(points.get(points.size() - 1).learningRate()), MARGIN, width - MARGIN);
            double lo = Double.POSITIVE_INFINITY;
            double hi = Double.NEGATIVE_INFINITY;
            for (LearningRateRange.Point p : points) {
                lo = Math.min(lo, Math.min(p.loss(), finiteOr(p.smoothedLoss(), p.loss())));
                hi = Math.max(hi, finiteOr(p.smoothedLoss(), p.loss()));
            }
            // The raw loss may spike at the end: scale to the smoothed curve and clip the rest.
            Scale y = new Scale(hi, lo, MARGIN / 2, height - MARGIN);
            g.drawString(String.format(Locale.ROOT, "%.3g", points.get(0).learningRate()), MARGIN - 10, height - MARGIN + 14);
            g.drawString(String.format(Locale.ROOT, "%.3g", points.get(points.size() - 1).learningRate()),
                    width - MARGIN - 30, height - MARGIN + 14);
            g.drawString(String.format(Locale.ROOT, "%.3g", hi), 4, MARGIN / 2 + 24);
            g.drawString(String.format(Locale.ROOT, "%.3g", lo), 4, height - MARGIN);
            g.setClip(MARGIN, MARGIN / 2, width - 2 * MARGIN, height - MARGIN - MARGIN / 2);
            g.setStroke(new BasicStroke(1f));
            g.setColor(RAW);
            g.draw(curve(points, x, y, false));
            g.setStroke(new BasicStroke(2f));
            g.setColor(SMOOTHED);
            g.draw(curve(points, x, y, true));
            g.setClip(null); // the divergence is often the last point, on the frame's right edge
            marker(g, result.suggestedLearningRate(), x, SUGGESTED, height);
            marker(g, result.divergedAtLearningRate(), x, DIVERGED, height);
        } finally {
            g.dispose();
        }
        return image;
    }

    private static double finiteOr(double value, double fallback) {
        return Double.isFinite(value) ? value : fallback;
    }

    private static Path2D curve(List<LearningRateRange.Point> points, Scale x, Scale y, boolean smoothed) {
        Path2D.Double path = new Path2D.Double();
        boolean first = true;
        for (LearningRateRange.Point p : points) {
            double v = smoothed ? p.smoothedLoss() : p.loss();
            if (!Double.isFinite(v)) {
                continue;
            }
            double px = x.at(Math.log10(p.learningRate()));
            double py = y.at(v);
            if (first) {
                path.moveTo(px, py);
                first = false;
            } else {
                path.lineTo(px, py);
            }
        }
        return path;
    }

    private static void marker(Graphics2D g, Double learningRate, Scale x, Color color, int height) {
        if (learningRate == null) {
            return;
        }
        g.setColor(color);
        g.setStroke(new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f));
        int px = (int) Math.round(x.at(Math.log10(learningRate)));
        g.drawLine(px, MARGIN / 2, px, height - MARGIN);
    }

    /** A linear map from [from, to] onto [start, end] pixels. */
    private record Scale(double from, double to, double start, double end) {
        double at(double v) {
            return to == from ? (start + end) / 2 : start + (v - from) / (to - from) * (end - start);
        }
    }
}
