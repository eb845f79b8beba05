package org.inkflow.crawler.openmoji;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import org.apache.batik.transcoder.SVGAbstractTranscoder;
import org.apache.batik.transcoder.TranscoderException;
import org.apache.batik.transcoder.TranscoderInput;
import org.apache.batik.transcoder.TranscoderOutput;
import org.apache.batik.transcoder.image.ImageTranscoder;
import org.inkflow.common.image.SafeImageDecoder;

/**
 * Renders an SVG to an opaque image of a given size on white, with Apache Batik. External resources, scripts and
 * DTDs are refused, so a hostile SVG cannot make the crawler read files or reach the network. Thread-safe: every
 * call uses its own transcoder.
 */
public final class SvgRasterizer {

    static {
        // Batik draws with Java2D; the service has no display.
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    /** The SVG cannot be rendered; the message says why. */
    public static class RasterizeException extends Exception {
        public RasterizeException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** An SVG refused before Batik parses it: a DTD, an entity, malformed XML, an oversized embedded image. */
    public static class UnsafeSvgException extends RasterizeException {
        public UnsafeSvgException(String message) {
            super(message, null);
        }
    }

    /** Embedded raster images above this many pixels (by their header) are refused: 2048 x 2048. */
    public static final long DEFAULT_MAX_EMBEDDED_PIXELS = 2048L * 2048;

    private final SvgPrecheck precheck;

    public SvgRasterizer() {
        this(DEFAULT_MAX_EMBEDDED_PIXELS);
    }

    public SvgRasterizer(long maxEmbeddedPixels) {
        this.precheck = new SvgPrecheck(new SafeImageDecoder(maxEmbeddedPixels));
    }

    /** RGB image {@code [height, width]} of {@code svg}, scaled to fit and centred, on white. */
    public BufferedImage render(byte[] svg, int width, int height) throws RasterizeException {
        precheck.check(svg);
        CapturingTranscoder transcoder = new CapturingTranscoder();
        transcoder.addTranscodingHint(SVGAbstractTranscoder.KEY_WIDTH, (float) width);
        transcoder.addTranscodingHint(SVGAbstractTranscoder.KEY_HEIGHT, (float) height);
        transcoder.addTranscodingHint(ImageTranscoder.KEY_BACKGROUND_COLOR, Color.WHITE);
        transcoder.addTranscodingHint(SVGAbstractTranscoder.KEY_ALLOW_EXTERNAL_RESOURCES, Boolean.FALSE);
        transcoder.addTranscodingHint(SVGAbstractTranscoder.KEY_EXECUTE_ONLOAD, Boolean.FALSE);
        transcoder.addTranscodingHint(SVGAbstractTranscoder.KEY_CONSTRAIN_SCRIPT_ORIGIN, Boolean.TRUE);
        TranscoderInput input = new TranscoderInput(new ByteArrayInputStream(svg));
        try {
            transcoder.transcode(input, new TranscoderOutput());
        } catch (TranscoderException | RuntimeException e) {
            throw new RasterizeException("Batik cannot render the SVG: " + rootMessage(e), e);
        }
        BufferedImage drawn = transcoder.image;
        if (drawn == null) {
            throw new RasterizeException("Batik rendered nothing", null);
        }
        BufferedImage rgb = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = rgb.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
            g.drawImage(drawn, 0, 0, null);
        } finally {
            g.dispose();
        }
        return rgb;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.toString() : t.getMessage();
    }

    private static final class CapturingTranscoder extends ImageTranscoder {
        BufferedImage image;

        @Override
        public BufferedImage createImage(int w, int h) {
            return new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
        }

        @Override
        public void writeImage(BufferedImage img, TranscoderOutput output) {
            this.image = img;
        }
    }
}
