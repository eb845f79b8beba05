package org.inkflow.crawler.sources;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The Danbooru login goes to the configured API host over https only: a job's baseUrl is its caller's choice. */
class DanbooruCredentialsTest {

    private static final String BASIC = "Basic dGVzdGVyOnNlY3JldA=="; // tester:secret

    private final DanbooruSource source = new DanbooruSource(null, 20, 1 << 20, 1 << 20, Optional.of("tester"),
            Optional.of("secret"), "danbooru.donmai.us");

    @Test
    void sentToTheApiHostOverHttps() {
        assertThat(source.authorization(URI.create("https://danbooru.donmai.us/posts.json?page=1"))).isEqualTo(BASIC);
        assertThat(source.authorization(URI.create("https://DANBOORU.donmai.us/posts.json"))).isEqualTo(BASIC);
    }

    @Test
    void neverOverPlainHttpNorToAnotherHost() {
        assertThat(source.authorization(URI.create("http://danbooru.donmai.us/posts.json"))).isNull();
        assertThat(source.authorization(URI.create("https://evil.example/posts.json"))).isNull();
        assertThat(source.authorization(URI.create("https://danbooru.donmai.us.evil.example/posts.json"))).isNull();
        assertThat(source.authorization(URI.create("https://sub.danbooru.donmai.us/posts.json"))).isNull();
        assertThat(source.authorization(URI.create("/etc/passwd"))).isNull();
    }

    @Test
    void plainHttpOnlyToALoopbackApiHostAndNothingWithoutAnAccount() {
        DanbooruSource local = new DanbooruSource(null, 20, 1 << 20, 1 << 20, Optional.of("tester"),
                Optional.of("secret"), "127.0.0.1");
        assertThat(local.authorization(URI.create("http://127.0.0.1:8089/posts.json"))).isEqualTo(BASIC);
        assertThat(local.authorization(URI.create("http://localhost:8089/posts.json"))).isNull();
        DanbooruSource anonymous = new DanbooruSource(null, 20, 1 << 20, 1 << 20, Optional.empty(), Optional.empty(),
                "danbooru.donmai.us");
        assertThat(anonymous.authorization(URI.create("https://danbooru.donmai.us/posts.json"))).isNull();
    }
}
