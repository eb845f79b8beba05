package org.inkflow.common.image;

import java.awt.color.ColorSpace;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Writes a minimal ICC v2 output profile for CMYK (PCS Lab, 8-bit LUTs on a 2-point grid): each of the 16 ink
 * corners gets the sRGB colour of its paper filtered by its inks, so a test knows exactly what a colour-managed
 * decoder must return. Tags: desc, cprt, wtpt, A2B0, B2A0.
 */
final class CmykTestProfile {

    private CmykTestProfile() {
    }

    static byte[] build(int paper, int cyan, int magenta, int yellow, int black) {
        int[] inks = {cyan, magenta, yellow, black};
        // A2B0: CMYK -> Lab, grid 2^4, corners in C,M,Y,K order with K varying fastest.
        byte[] clut = new byte[16 * 3];
        for (int i = 0; i < 16; i++) {
            double[] rgb = {r(paper), g(paper), b(paper)};
            for (int ink = 0; ink < 4; ink++) {
                if (((i >> (3 - ink)) & 1) == 1) {
                    rgb[0] *= r(inks[ink]) / r(paper);
                    rgb[1] *= g(inks[ink]) / g(paper);
                    rgb[2] *= b(inks[ink]) / b(paper);
                }
            }
            double[] lab = lab(rgb);
            clut[i * 3] = (byte) Math.round(lab[0] * 255 / 100);
            clut[i * 3 + 1] = (byte) Math.round(lab[1] + 128);
            clut[i * 3 + 2] = (byte) Math.round(lab[2] + 128);
        }
        byte[] a2b0 = lut8(4, 3, clut);
        // B2A0 (Lab -> CMYK) is required by the class but unused when decoding: no ink everywhere.
        byte[] b2a0 = lut8(3, 4, new byte[8 * 4]);
        byte[] desc = textDescription("Inkflow test CMYK");
        byte[] cprt = text("No copyright, test data");
        byte[] wtpt = xyz(0.9642, 1.0, 0.8249);

        String[] sigs = {"desc", "cprt", "wtpt", "A2B0", "B2A0"};
        byte[][] tags = {desc, cprt, wtpt, a2b0, b2a0};
        int offset = 128 + 4 + 12 * tags.length;
        ByteBuffer table = ByteBuffer.allocate(4 + 12 * tags.length).putInt(tags.length);
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        for (int i = 0; i < tags.length; i++) {
            table.put(sigs[i].getBytes(StandardCharsets.US_ASCII)).putInt(offset + data.size()).putInt(tags[i].length);
            data.writeBytes(tags[i]);
            while (data.size() % 4 != 0) {
                data.write(0);
            }
        }
        int size = offset + data.size();
        ByteBuffer header = ByteBuffer.allocate(128)
                .putInt(size).putInt(0).putInt(0x02100000)
                .put("prtr".getBytes(StandardCharsets.US_ASCII)).put("CMYK".getBytes(StandardCharsets.US_ASCII))
                .put("Lab ".getBytes(StandardCharsets.US_ASCII))
                .putShort((short) 2026).putShort((short) 1).putShort((short) 1).putShort((short) 0).putShort((short) 0)
                .putShort((short) 0)
                .put("acsp".getBytes(StandardCharsets.US_ASCII));
        header.position(64).putInt(0); // perceptual intent
        header.putInt(s15(0.9642)).putInt(s15(1.0)).putInt(s15(0.8249)); // D50 illuminant
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(header.array());
        out.writeBytes(table.array());
        out.writeBytes(data.toByteArray());
        return out.toByteArray();
    }

    /** lut8Type with identity matrix and curves, a 2-point grid, the given CLUT. */
    private static byte[] lut8(int in, int outChannels, byte[] clut) {
        ByteBuffer b = ByteBuffer.allocate(48 + 256 * in + clut.length + 256 * outChannels);
        b.put("mft1".getBytes(StandardCharsets.US_ASCII)).putInt(0)
                .put((byte) in).put((byte) outChannels).put((byte) 2).put((byte) 0);
        for (int i = 0; i < 9; i++) {
            b.putInt(i % 4 == 0 ? s15(1.0) : 0);
        }
        for (int c = 0; c < in; c++) {
            for (int v = 0; v < 256; v++) {
                b.put((byte) v);
            }
        }
        b.put(clut);
        for (int c = 0; c < outChannels; c++) {
            for (int v = 0; v < 256; v++) {
                b.put((byte) v);
            }
        }
        return b.array();
    }

    private static byte[] textDescription(String text) {
        byte[] ascii = (text + "\0").getBytes(StandardCharsets.US_ASCII);
        ByteBuffer b = ByteBuffer.allocate(12 + ascii.length + 4 + 4 + 2 + 1 + 67);
        b.put("desc".getBytes(StandardCharsets.US_ASCII)).putInt(0).putInt(ascii.length).put(ascii);
        return b.array(); // Unicode and ScriptCode parts left empty (zero counts)
    }

    private static byte[] text(String text) {
        byte[] ascii = (text + "\0").getBytes(StandardCharsets.US_ASCII);
        return ByteBuffer.allocate(8 + ascii.length).put("text".getBytes(StandardCharsets.US_ASCII)).putInt(0).put(ascii).array();
    }

    private static byte[] xyz(double x, double y, double z) {
        return ByteBuffer.allocate(20).put("XYZ ".getBytes(StandardCharsets.US_ASCII)).putInt(0)
                .putInt(s15(x)).putInt(s15(y)).putInt(s15(z)).array();
    }

    private static int s15(double v) {
        return (int) Math.round(v * 65536);
    }

    /** sRGB in [0,1] to CIELAB under D50, the profile connection space. */
    private static double[] lab(double[] rgb) {
        float[] xyz = ColorSpace.getInstance(ColorSpace.CS_sRGB).toCIEXYZ(
                new float[] {(float) rgb[0], (float) rgb[1], (float) rgb[2]});
        double fx = f(xyz[0] / 0.9642);
        double fy = f(xyz[1] / 1.0);
        double fz = f(xyz[2] / 0.8249);
        return new double[] {116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)};
    }

    private static double f(double t) {
        return t > 216.0 / 24389 ? Math.cbrt(t) : (24389.0 / 27 * t + 16) / 116;
    }

    private static double r(int rgb) {
        return Math.max(1, (rgb >> 16) & 0xff) / 255.0;
    }

    private static double g(int rgb) {
        return Math.max(1, (rgb >> 8) & 0xff) / 255.0;
    }

    private static double b(int rgb) {
        return Math.max(1, rgb & 0xff) / 255.0;
    }
}
