package org.inkflow.crawler.sources;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.inkflow.crawler.crawl.ItemException;
import org.inkflow.crawler.crawl.Reasons;
import org.inkflow.crawler.net.PoliteHttpClient;

/**
 * Safebooru and other Gelbooru-style sites: {@code index.php?page=dapi&s=post&q=index&json=1&tags=&pid=&limit=}.
 * Posts carry {@code id, directory, image, hash} (md5), {@code width, height, rating, tags} (space-separated) and
 * usually {@code file_url}, which is otherwise built as {@code <base>/images/<directory>/<image>}.
 */
public final class SafebooruSource extends BooruApiSource {

    public static final String NAME = "safebooru";

    public SafebooruSource(PoliteHttpClient http, int pageSize, long maxPageBytes) {
        super(http, pageSize, maxPageBytes);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    protected URI listingUri(URI base, String tags, int page) {
        String query = "index.php?page=dapi&s=post&q=index&json=1&limit=" + pageSize + "&pid=" + page
                + (tags.isEmpty() ? "" : "&tags=" + encode(tags));
        return base.resolve(query);
    }

    @Override
    protected List<JsonNode> posts(JsonNode root) {
        JsonNode array = root.isArray() ? root : root.path("post"); // newer Gelbooru wraps posts in {"post": [...]}
        List<JsonNode> out = new ArrayList<>();
        array.forEach(out::add);
        return out;
    }

    @Override
    protected Candidate candidate(URI base, JsonNode post) {
        String id = text(post, "id");
        List<String> tags = splitTags(text(post, "tags"));
        String rating = Ratings.normalize(text(post, "rating"));
        String pageUrl = base.resolve("index.php?page=post&s=view&id=" + id).toString();
        String fileUrl = text(post, "file_url");
        String directory = text(post, "directory");
        String image = text(post, "image");
        URI imageUrl;
        if (fileUrl != null) {
            imageUrl = resolveUrl(base, fileUrl);
        } else if (directory != null && image != null) {
            imageUrl = base.resolve("images/" + String.join("/", java.util.Arrays.stream(directory.split("/"))
                    .map(BooruApiSource::encode).toList()) + "/" + encode(image));
        } else {
            return Candidate.rejected(id, tags, rating, pageUrl, ItemException.skipped(Reasons.NO_FILE_URL,
                    "post " + id + " has neither file_url nor directory and image"));
        }
        return new Candidate(id, imageUrl, text(post, "hash"), null, tags, rating, integer(post, "width"),
                integer(post, "height"), pageUrl, LICENSE, groupKey(NAME, post, id), "all", null, null);
    }
}
