package org.inkflow.crawler.sources;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.inkflow.crawler.crawl.CrawlJobException;
import org.inkflow.crawler.crawl.CrawlSpec;
import org.inkflow.crawler.crawl.InvalidCrawlJobException;
import org.inkflow.crawler.crawl.ItemException;
import org.inkflow.crawler.net.FetchRequest;
import org.inkflow.crawler.net.Fetched;
import org.inkflow.crawler.net.PoliteHttpClient;

/** What booru APIs share: a paged JSON listing of posts fetched politely; subclasses know the URL and post shape. */
abstract class BooruApiSource implements ImageSource {

    static final String LICENSE = "unknown (booru post; the artist keeps the copyright, see the post page)";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(BooruApiSource.class);

    protected final PoliteHttpClient http;
    protected final int pageSize;
    private final long maxPageBytes;

    BooruApiSource(PoliteHttpClient http, int pageSize, long maxPageBytes) {
        this.http = http;
        this.pageSize = pageSize;
        this.maxPageBytes = maxPageBytes;
    }

    /** The listing URL of {@code page} (0-based) for {@code tags}. */
    protected abstract URI listingUri(URI base, String tags, int page);

    /** The posts of a parsed listing (some APIs wrap them in an object). */
    protected abstract List<JsonNode> posts(JsonNode root);

    protected abstract Candidate candidate(URI base, JsonNode post);

    /** The Authorization header for a request to {@code uri}, or null. */
    protected String authorization(URI uri) {
        return null;
    }

    @Override
    public void validate(CrawlSpec spec) {
        URI base = baseUri(spec.baseUrl());
        try {
            http.checkTarget(base);
        } catch (ItemException e) {
            throw new InvalidCrawlJobException("baseUrl", e.getMessage());
        }
    }

    @Override
    public SourceCrawl open(CrawlSpec spec) {
        URI base = baseUri(spec.baseUrl());
        String tags = String.join(" ", spec.tags());
        return new SourceCrawl() {
            private List<String> previous = List.of();

            @Override
            public SourcePage page(int page) throws CrawlJobException, InterruptedException {
                SourcePage listing = listing(base, tags, page, spec.requestsPerSecond());
                List<String> ids = listing.items().stream().map(Candidate::postId).toList();
                if (!ids.isEmpty() && ids.equals(previous)) {
                    // A mirror that ignores the page parameter answers the same page forever: that is the end.
                    LOG.infof("listing page %d of %s repeats the page before it; taking it as the last", page, base);
                    return new SourcePage(List.of(), true);
                }
                previous = ids;
                return listing;
            }
        };
    }

    /**
     * One listing page. Only an empty page is the last: a mirror may cap the page size below the one asked for, so a
     * short page says nothing about what follows.
     */
    private SourcePage listing(URI base, String tags, int page, double rate) throws CrawlJobException, InterruptedException {
        URI uri = listingUri(base, tags, page);
        Fetched fetched;
        try {
            fetched = http.fetch(new FetchRequest(uri, maxPageBytes, java.util.Set.of(), rate, authorization(uri)));
        } catch (ItemException e) {
            throw new CrawlJobException("cannot read the listing " + uri + ": " + e.getMessage(), e);
        }
        String body = new String(fetched.body(), StandardCharsets.UTF_8).trim();
        if (body.isEmpty()) {
            return new SourcePage(List.of(), true); // Gelbooru-style APIs answer an empty body past the last page
        }
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw new CrawlJobException("the listing " + uri + " is not JSON (" + e.getOriginalMessage()
                    + "); is baseUrl the API's root?", e);
        }
        List<JsonNode> posts = posts(root);
        List<Candidate> items = new ArrayList<>(posts.size());
        for (JsonNode post : posts) {
            items.add(candidate(base, post));
        }
        return new SourcePage(items, posts.isEmpty());
    }

    static URI baseUri(String baseUrl) {
        if (baseUrl == null || baseUrl.isBlank()) {
            throw new InvalidCrawlJobException("baseUrl", "baseUrl is required: the API's root, e.g. https://safebooru.org");
        }
        try {
            URI uri = new URI(baseUrl.trim());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
                throw new InvalidCrawlJobException("baseUrl", "baseUrl '" + baseUrl + "' must be an absolute http(s) URL"
                        + " such as https://safebooru.org");
            }
            if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
                throw new InvalidCrawlJobException("baseUrl", "baseUrl '" + baseUrl + "' must not carry a query or fragment;"
                        + " give the API's root and put search terms in tags");
            }
            String path = uri.getRawPath() == null ? "" : uri.getRawPath().replaceAll("/+$", "");
            return new URI(uri.getScheme(), uri.getRawAuthority(), null, null, null).resolve(path.isEmpty() ? "/" : path + "/");
        } catch (URISyntaxException e) {
            throw new InvalidCrawlJobException("baseUrl", "baseUrl '" + baseUrl + "' is not a URL: " + e.getMessage());
        }
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    static String text(JsonNode post, String field) {
        JsonNode node = post.get(field);
        return node == null || node.isNull() || node.asText().isBlank() ? null : node.asText();
    }

    static Integer integer(JsonNode post, String field) {
        JsonNode node = post.get(field);
        return node == null || node.isNull() || !node.canConvertToInt() && !node.isTextual() ? null
                : node.isTextual() ? parseOrNull(node.asText()) : node.asInt();
    }

    static Long longValue(JsonNode post, String field) {
        JsonNode node = post.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        return node.isNumber() ? node.asLong() : parseLongOrNull(node.asText());
    }

    static List<String> splitTags(String tags) {
        if (tags == null || tags.isBlank()) {
            return List.of();
        }
        return Arrays.stream(tags.trim().split("\\s+")).filter(t -> !t.isEmpty()).distinct().toList();
    }

    static String groupKey(String source, JsonNode post, String id) {
        Long parent = longValue(post, "parent_id");
        return source + ":" + (parent != null && parent > 0 ? parent : id);
    }

    static URI resolveUrl(URI base, String url) {
        String u = url.trim();
        if (u.startsWith("//")) {
            u = base.getScheme() + ":" + u;
        }
        return base.resolve(u);
    }

    private static Integer parseOrNull(String s) {
        try {
            return Integer.parseInt(s.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Long parseLongOrNull(String s) {
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
