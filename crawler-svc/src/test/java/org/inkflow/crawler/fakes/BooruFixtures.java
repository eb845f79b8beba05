package org.inkflow.crawler.fakes;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/** Booru listings whose files the fake server serves: distinct PNGs with their real md5. */
public final class BooruFixtures {

    private BooruFixtures() {
    }

    /** {@code n} Safebooru posts tagged {@code tags}, ids from {@code firstId}, files under /images/1/. */
    public static List<Map<String, Object>> safebooru(FakeBooruServer server, int firstId, int n, String tags) {
        List<Map<String, Object>> posts = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int id = firstId + i;
            byte[] png = TestImages.png(id, 40, 24);
            String image = "img" + id + ".png";
            server.png("/images/1/" + image, png);
            posts.add(FakeBooruServer.safebooruPost(id, image, md5(png), tags, "general", Map.of()));
        }
        return posts;
    }

    public static String md5(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(data));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static byte[] html() {
        return "<!DOCTYPE html><html><body>login required</body></html>".getBytes(StandardCharsets.UTF_8);
    }
}
