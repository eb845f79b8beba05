package org.inkflow.evaluator.scoring;

import java.util.List;

/**
 * The average of several colorizers' outputs. Averaging models that err differently lowers L1 and MSE; it also
 * tends to wash colors out, which the colorfulness metric shows.
 */
public final class EnsembleColorizer implements Colorizer {

    private final String id;
    private final List<Colorizer> members;

    public EnsembleColorizer(String id, List<Colorizer> members) {
        if (members.isEmpty()) {
            throw new IllegalArgumentException("an ensemble needs at least one member");
        }
        this.id = id;
        this.members = List.copyOf(members);
    }

    @Override
    public String id() {
        return id;
    }

    public List<Colorizer> members() {
        return members;
    }

    @Override
    public float[] colorize(float[] lineArt, int n, int height, int width) {
        float[] sum = new float[n * height * width * 3]; // [N,H,W,3]
        for (Colorizer member : members) {
            float[] out = member.colorize(lineArt, n, height, width);
            if (out.length != sum.length) {
                throw new IllegalStateException("ensemble member " + member.id() + " returned " + out.length
                        + " values for [" + n + "," + height + "," + width + ",3]; expected " + sum.length);
            }
            for (int i = 0; i < sum.length; i++) {
                sum[i] += out[i];
            }
        }
        float k = members.size();
        for (int i = 0; i < sum.length; i++) {
            sum[i] /= k;
        }
        return sum;
    }

    @Override
    public void close() {
        for (Colorizer member : members) {
            member.close();
        }
    }
}
