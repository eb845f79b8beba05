package org.inkflow.heldout;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The icons of an Iconify JSON icon set ({@code icons.json} of an {@code @iconify-json/*} npm package), each as a
 * standalone SVG document: the icon's {@code body} inside an {@code <svg>} with its view box (the icon's own
 * {@code left/top/width/height}, else the set's, else 0, 0, 16, 16 as the format defines). Hidden icons and aliases
 * are left out; icons come in name order.
 */
public final class IconifyIcons {

    /** One icon: its name in the set and a complete SVG document. */
    public record Icon(String name, byte[] svg) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int FORMAT_DEFAULT_SIZE = 16;

    private IconifyIcons() {
    }

    /** Parses {@code icons.json}; a clear error when it is not an Iconify icon set. */
    public static List<Icon> parse(byte[] iconsJson) {
        JsonNode root;
        try {
            root = JSON.readTree(iconsJson);
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON: " + e.getMessage(), e);
        }
        JsonNode icons = root == null ? null : root.get("icons");
        if (icons == null || !icons.isObject()) {
            throw new IllegalArgumentException("not an Iconify icon set: no \"icons\" object (expected the icons.json of an"
                    + " @iconify-json/* package)");
        }
        double defaultLeft = root.path("left").asDouble(0);
        double defaultTop = root.path("top").asDouble(0);
        double defaultWidth = root.path("width").asDouble(FORMAT_DEFAULT_SIZE);
        double defaultHeight = root.path("height").asDouble(FORMAT_DEFAULT_SIZE);
        List<Icon> out = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = icons.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode icon = e.getValue();
            if (icon.path("hidden").asBoolean(false) || !icon.path("body").isTextual()) {
                continue;
            }
            double left = icon.path("left").asDouble(defaultLeft);
            double top = icon.path("top").asDouble(defaultTop);
            double width = icon.path("width").asDouble(defaultWidth);
            double height = icon.path("height").asDouble(defaultHeight);
            if (!(width > 0) || !(height > 0)) {
                throw new IllegalArgumentException("icon " + e.getKey() + " has a view box of " + width + "x" + height
                        + "; width and height must be positive");
            }
            // color: the value of currentColor, which monochrome sets paint with.
            String svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\""
                    + " color=\"#000000\" viewBox=\"" + num(left) + " " + num(top) + " " + num(width) + " " + num(height)
                    + "\" width=\"" + num(width) + "\" height=\"" + num(height) + "\">" + icon.get("body").asText()
                    + "</svg>";
            out.add(new Icon(e.getKey(), svg.getBytes(StandardCharsets.UTF_8)));
        }
        out.sort((a, b) -> a.name().compareTo(b.name()));
        return List.copyOf(out);
    }

    private static String num(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
