package org.inkflow.trainer.data;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.inkflow.model.serving.HintMaps;
import org.inkflow.model.serving.ImageBatch;
import org.inkflow.model.training.HueRotation;

/**
 * Feeds training batches from background threads, ahead of the step. The training split is read as an endless
 * sequence of shuffled epochs (each epoch its own permutation from the seed), and batch {@code k} is elements
 * {@code [k*B, (k+1)*B)} of that sequence; so the batches depend only on the seed and the step, a run that resumes at
 * step {@code k} sees exactly the batches an uninterrupted one would, and a split smaller than a batch still works.
 * Augmentation (horizontal flip, small shifts on white paper, a rotation of the target's hue) is seeded per sample
 * position the same way, and so are the color hints of a hint model ({@link HintMaps#sample}, from the augmented
 * target, so they carry the same hue rotation).
 */
public final class InputPipeline implements AutoCloseable {

    /**
     * One training batch: line art {@code [B,H,W,1]}, colors {@code [B,H,W,3]}, the epoch it ends in, and color hints
     * {@code [B,H,W,4]} (null unless {@link Settings#hints()} asks for them).
     */
    public record Batch(ImageBatch lineArt, ImageBatch color, long epoch, ImageBatch hints) {

        /** Without hints. */
        public Batch(ImageBatch lineArt, ImageBatch color, long epoch) {
            this(lineArt, color, epoch, null);
        }
    }

    /**
     * How batches are made. {@code decodedCacheSize}: decoded samples kept in memory (0: decode every time);
     * {@code hints}: sample color hints from each target ({@link HintMaps.Sampling#training()});
     * {@code hueRotation}: rotate each target's hue by a uniform angle in [-hueRotation, hueRotation] degrees
     * (0: off; {@link HueRotation}), the line art unchanged.
     */
    public record Settings(int batchSize, long seed, boolean flip, int maxShift, int threads, int prefetch,
                           int decodedCacheSize, boolean hints, double hueRotation) {

        /** Without hue rotation. */
        public Settings(int batchSize, long seed, boolean flip, int maxShift, int threads, int prefetch,
                        int decodedCacheSize, boolean hints) {
            this(batchSize, seed, flip, maxShift, threads, prefetch, decodedCacheSize, hints, 0);
        }

        /** Without hints. */
        public Settings(int batchSize, long seed, boolean flip, int maxShift, int threads, int prefetch,
                        int decodedCacheSize) {
            this(batchSize, seed, flip, maxShift, threads, prefetch, decodedCacheSize, false);
        }

        public Settings {
            if (!(hueRotation >= 0 && hueRotation <= 180)) {
                throw new IllegalArgumentException("hue rotation must be between 0 (off) and 180 degrees; got "
                        + hueRotation);
            }
        }
    }

    /** Salts the hints' per-position seed apart from the augmentation's. */
    private static final long HINT_SALT = 0x48494E5453L;

    private final List<DatasetSnapshot.SampleRef> samples;
    private final SampleSource source;
    private final SampleDecoder decoder;
    private final Settings settings;
    private final int height;
    private final int width;
    private final ExecutorService decoders;
    private final Thread feeder;
    private final BlockingQueue<Future<Batch>> ready;
    private final Map<Integer, DecodedSample> decoded = new ConcurrentHashMap<>();
    private final Map<Long, int[]> permutations = new ConcurrentHashMap<>();
    private volatile boolean closed;
    private long waitNanos;

    public InputPipeline(List<DatasetSnapshot.SampleRef> samples, SampleSource source, int height, int width,
                         Settings settings, long startStep) {
        if (samples.isEmpty()) {
            throw new IllegalArgumentException("the training split is empty; build a dataset with training samples");
        }
        this.samples = List.copyOf(samples);
        this.source = source;
        this.decoder = new SampleDecoder(height, width);
        this.settings = settings;
        this.height = height;
        this.width = width;
        AtomicInteger n = new AtomicInteger();
        this.decoders = Executors.newFixedThreadPool(Math.max(1, settings.threads()), r -> {
            Thread t = new Thread(r, "input-decoder-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.ready = new ArrayBlockingQueue<>(Math.max(1, settings.prefetch()));
        this.feeder = new Thread(() -> feed(startStep), "input-feeder");
        this.feeder.setDaemon(true);
        this.feeder.start();
    }

    private void feed(long step) {
        try {
            while (!closed) {
                long k = step++;
                // put() blocks while `prefetch` batches wait: decoding stays a few steps ahead, never unbounded.
                ready.put(decoders.submit(() -> batch(k)));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // closed while feeding
        }
    }

    /** The next batch; blocks only when decoding falls behind the training steps. */
    public Batch next() {
        long start = System.nanoTime();
        try {
            Batch b = ready.take().get();
            waitNanos += System.nanoTime() - start;
            return b;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for training data", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw cause instanceof RuntimeException r ? r : new IllegalStateException(cause.getMessage(), cause);
        }
    }

    /** Total time {@link #next} spent waiting for data, in seconds (0 when decoding keeps up). */
    public double waitSeconds() {
        return waitNanos / 1e9;
    }

    /** The epoch that training element {@code position} belongs to. */
    public long epochOf(long step) {
        return step * settings.batchSize() / samples.size();
    }

    private Batch batch(long k) {
        int b = settings.batchSize();
        int pixels = height * width;
        float[] line = new float[b * pixels];
        float[] color = new float[b * pixels * 3];
        float[] hints = settings.hints() ? new float[b * pixels * 4] : null;
        long position = k * b;
        for (int i = 0; i < b; i++, position++) {
            long epoch = position / samples.size();
            int index = permutation(epoch)[(int) (position % samples.size())];
            DecodedSample sample = sample(index);
            augment(sample, position, line, i * pixels, color, i * pixels * 3);
            if (hints != null) {
                float[] target = java.util.Arrays.copyOfRange(color, i * pixels * 3, (i + 1) * pixels * 3);
                float[] one = HintMaps.sample(target, height, width,
                        new SplittableRandom(mix(settings.seed() ^ HINT_SALT, position)), HintMaps.Sampling.training());
                System.arraycopy(one, 0, hints, i * pixels * 4, one.length);
            }
        }
        return new Batch(new ImageBatch(b, height, width, 1, line), new ImageBatch(b, height, width, 3, color),
                (position - 1) / samples.size(), hints == null ? null : new ImageBatch(b, height, width, 4, hints));
    }

    private DecodedSample sample(int index) {
        DecodedSample cached = decoded.get(index);
        if (cached != null) {
            return cached;
        }
        DatasetSnapshot.SampleRef ref = samples.get(index);
        DecodedSample sample = decoder.decode(source.fetch(ref), ref.sha256());
        if (decoded.size() < settings.decodedCacheSize()) {
            decoded.put(index, sample);
        }
        return sample;
    }

    int[] permutation(long epoch) {
        if (permutations.size() > 4) {
            // Only the epochs around the current step are needed; forget the old ones.
            permutations.keySet().removeIf(e -> e < epoch - 1);
        }
        return permutations.computeIfAbsent(epoch, e -> {
            int[] p = new int[samples.size()];
            for (int i = 0; i < p.length; i++) {
                p[i] = i;
            }
            SplittableRandom random = new SplittableRandom(mix(settings.seed(), e));
            for (int i = p.length - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int t = p[i];
                p[i] = p[j];
                p[j] = t;
            }
            return p;
        });
    }

    private void augment(DecodedSample s, long position, float[] line, int lineOffset, float[] color, int colorOffset) {
        SplittableRandom random = new SplittableRandom(mix(settings.seed() ^ 0x5DEECE66DL, position));
        boolean flip = settings.flip() && random.nextBoolean();
        int dx = settings.maxShift() > 0 ? random.nextInt(-settings.maxShift(), settings.maxShift() + 1) : 0;
        int dy = settings.maxShift() > 0 ? random.nextInt(-settings.maxShift(), settings.maxShift() + 1) : 0;
        // Drawn last and only when on, so runs without it see the batches they always did.
        double hue = settings.hueRotation() > 0 ? (2 * random.nextDouble() - 1) * settings.hueRotation() : 0;
        for (int y = 0; y < height; y++) {
            int sy = y - dy;
            for (int x = 0; x < width; x++) {
                int sx = flip ? width - 1 - (x - dx) : x - dx;
                int p = y * width + x;
                if (sy < 0 || sy >= height || sx < 0 || sx >= width) {
                    // Shifted in from outside the image: white paper, no ink.
                    line[lineOffset + p] = 1f;
                    color[colorOffset + p * 3] = 1f;
                    color[colorOffset + p * 3 + 1] = 1f;
                    color[colorOffset + p * 3 + 2] = 1f;
                } else {
                    int q = sy * width + sx;
                    line[lineOffset + p] = s.lineArt()[q];
                    color[colorOffset + p * 3] = s.color()[q * 3];
                    color[colorOffset + p * 3 + 1] = s.color()[q * 3 + 1];
                    color[colorOffset + p * 3 + 2] = s.color()[q * 3 + 2];
                }
            }
        }
        if (hue != 0) {
            HueRotation.rotate(color, colorOffset, height * width, hue);
        }
    }

    static long mix(long seed, long value) {
        return HintMaps.mix(seed, value);
    }

    @Override
    public void close() {
        closed = true;
        feeder.interrupt();
        decoders.shutdownNow();
    }
}
