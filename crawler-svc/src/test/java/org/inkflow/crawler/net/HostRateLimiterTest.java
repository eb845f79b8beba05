package org.inkflow.crawler.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class HostRateLimiterTest {

    @Test
    void requestsToOneHostAreSpacedAndOtherHostsAreIndependent() throws Exception {
        AtomicLong now = new AtomicLong(1_000_000_000L);
        List<Long> sent = new ArrayList<>();
        HostRateLimiter limiter = new HostRateLimiter(now::get, d -> now.addAndGet(d.toNanos()));
        for (int i = 0; i < 5; i++) {
            limiter.acquire("http://a:80", 4.0);
            sent.add(now.get());
        }
        for (int i = 1; i < sent.size(); i++) {
            assertThat(sent.get(i) - sent.get(i - 1)).isEqualTo(250_000_000L);
        }
        long before = now.get();
        limiter.acquire("http://b:80", 4.0);
        assertThat(now.get()).as("another host does not wait").isEqualTo(before);
    }

    @Test
    void idleTimeIsNotBankedIntoABurst() throws Exception {
        AtomicLong now = new AtomicLong(0);
        HostRateLimiter limiter = new HostRateLimiter(now::get, d -> now.addAndGet(d.toNanos()));
        limiter.acquire("h", 1.0);
        now.addAndGet(10_000_000_000L); // 10 s idle
        limiter.acquire("h", 1.0);
        long t = now.get();
        limiter.acquire("h", 1.0);
        assertThat(now.get() - t).isEqualTo(1_000_000_000L);
    }

    @Test
    void aSlowExchangePushesTheNextSlotBack() throws Exception {
        AtomicLong now = new AtomicLong(0);
        HostRateLimiter limiter = new HostRateLimiter(now::get, d -> now.addAndGet(d.toNanos()));
        limiter.acquire("h", 10.0);            // slot at 0; next at 100 ms
        now.addAndGet(300_000_000L);           // the answer takes 300 ms
        limiter.completed("h", 10.0);
        long answered = now.get();
        limiter.acquire("h", 10.0);
        assertThat(now.get() - answered).isEqualTo(100_000_000L);
    }

    @Test
    void rateMustBePositive() {
        HostRateLimiter limiter = HostRateLimiter.system();
        assertThatThrownBy(() -> limiter.acquire("h", 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
