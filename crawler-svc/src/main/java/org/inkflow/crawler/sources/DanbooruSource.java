package org.inkflow.crawler.sources;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.inkflow.crawler.crawl.ItemException;
import org.inkflow.crawler.crawl.Reasons;
import org.inkflow.crawler.net.PoliteHttpClient;
import org.inkflow.common.image.ImageFormat;

/**
 * Danbooru: {@code /posts.json?tags=&page=&limit=} (pages from 1, at most 200 posts each), optionally as a user
 * (HTTP basic {@code login:api_key}, sent to the API host only). Posts without {@code file_url} (restricted or
 * removed) and files that are not still images (ugoira zips, videos) are skipped with a counted reason; a declared
 * {@code file_size} over the limit is skipped without downloading.
 */
public final class DanbooruSource extends BooruApiSource {

    public static final String NAME = "danbooru";
    static final int MAX_LIMIT = 200;

    private static final Set<String> LOOPBACK = Set.of("127.0.0.1", "localhost", "[::1]");

    private final String authorization;
    private final String apiHost;
    private final long maxImageBytes;

    /**
     * {@code apiHost} is the only host the account's credentials go to, and only over https (or to a loopback
     * address, where nothing crosses a network: the tests' fake API): a job's {@code baseUrl} is chosen by its
     * caller, so a listing elsewhere is fetched without them.
     */
    public DanbooruSource(PoliteHttpClient http, int pageSize, long maxPageBytes, long maxImageBytes,
                          Optional<String> login, Optional<String> apiKey, String apiHost) {
        super(http, Math.min(pageSize, MAX_LIMIT), maxPageBytes);
        this.maxImageBytes = maxImageBytes;
        this.apiHost = apiHost.toLowerCase(Locale.ROOT);
        this.authorization = login.isPresent() && apiKey.isPresent()
                ? "Basic " + Base64.getEncoder().encodeToString((login.get() + ":" + apiKey.get()).getBytes(StandardCharsets.UTF_8))
                : null;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    protected String authorization(URI uri) {
        if (authorization == null || uri.getHost() == null || !apiHost.equals(uri.getHost().toLowerCase(Locale.ROOT))) {
            return null;
        }
        boolean loopback = LOOPBACK.contains(uri.getHost().toLowerCase(Locale.ROOT));
        return "https".equalsIgnoreCase(uri.getScheme()) || loopback ? authorization : null;
    }

    @Override
    protected URI listingUri(URI base, String tags, int page) {
        return base.resolve("posts.json?limit=" + pageSize + "&page=" + (page + 1) + (tags.isEmpty() ? "" : "&tags=" + encode(tags)));
    }

    @Override
    protected List<JsonNode> posts(JsonNode root) {
        List<JsonNode> out = new ArrayList<>();
        if (root.isArray()) {
            root.forEach(out::add);
        }
        return out;
    }

    @Override
    protected Candidate candidate(URI base, JsonNode post) {
        String id = text(post, "id");
        List<String> tags = splitTags(text(post, "tag_string"));
        String rating = Ratings.normalize(text(post, "rating"));
        String pageUrl = base.resolve("posts/" + id).toString();
        String fileUrl = text(post, "file_url");
        if (fileUrl == null) {
            return Candidate.rejected(id, tags, rating, pageUrl, ItemException.skipped(Reasons.NO_FILE_URL,
                    "post " + id + " has no file_url (restricted, banned or deleted)"));
        }
        String ext = text(post, "file_ext");
        if (ext != null && ImageFormat.ofExtension(ext).isEmpty()) {
            return Candidate.rejected(id, tags, rating, pageUrl, ItemException.skipped(Reasons.UNSUPPORTED_TYPE,
                    "post " + id + " is a ." + ext + " file; only " + ImageFormat.contentTypes() + " are kept"));
        }
        Long size = longValue(post, "file_size");
        if (size != null && size > maxImageBytes) {
            return Candidate.rejected(id, tags, rating, pageUrl, ItemException.skipped(Reasons.TOO_LARGE,
                    "post " + id + " is " + size + " bytes; the limit is " + maxImageBytes + " (inkflow.crawler.max-image-bytes)"));
        }
        return new Candidate(id, resolveUrl(base, fileUrl), text(post, "md5"), size, tags, rating,
                integer(post, "image_width"), integer(post, "image_height"), pageUrl, LICENSE,
                groupKey(NAME, post, id), "all", null, null);
    }
}
