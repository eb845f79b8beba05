package org.inkflow.cleaner.lineart;

/**
 * Line art as the difference between the luma and its 3x3 dilation (maximum), inverted: flat regions become white
 * paper and every luma step becomes a dark line on its darker side. Cheap, parameter-free, and close to how
 * the paired line art of flat-coloured drawings looks.
 */
public final class DilateMinusGray implements LineArtExtractor {

    @Override
    public float[] extract(float[] gray, int width, int height) {
        LineArtExtractor.checkShape(gray, width, height);
        float[] out = new float[width * height]; // [H,W]
        for (int y = 0; y < height; y++) {
            int y0 = Math.max(0, y - 1);
            int y1 = Math.min(height - 1, y + 1);
            for (int x = 0; x < width; x++) {
                int x0 = Math.max(0, x - 1);
                int x1 = Math.min(width - 1, x + 1);
                float max = 0f;
                for (int yy = y0; yy <= y1; yy++) {
                    int row = yy * width;
                    for (int xx = x0; xx <= x1; xx++) {
                        max = Math.max(max, gray[row + xx]);
                    }
                }
                float v = gray[y * width + x];
                out[y * width + x] = 1f - Math.abs(max - v);
            }
        }
        return out;
    }
}
