package org.inkflow.localstack;

import io.restassured.RestAssured;
import io.restassured.filter.Filter;
import io.restassured.filter.FilterContext;
import io.restassured.response.Response;
import io.restassured.specification.FilterableRequestSpecification;
import io.restassured.specification.FilterableResponseSpecification;

/**
 * Makes every RestAssured request of a test JVM an operator's, unless it brings its own credentials: the existing
 * tests need no change for authentication being on. A request with {@link #ANONYMOUS} set (to anything) goes out
 * with no credentials at all; the marker itself is not sent.
 */
public final class DefaultCredentialsFilter implements Filter {

    /** A header that means "send no credentials"; removed before the request goes out. */
    public static final String ANONYMOUS = "X-Inkflow-Test-Anonymous";

    private final String key;

    private DefaultCredentialsFilter(String key) {
        this.key = key;
    }

    /**
     * Installs the filter with this JVM's operator key, once: by class name, since each Quarkus test application
     * loads this class again while RestAssured's filters may outlive it.
     */
    public static synchronized void install() {
        boolean installed = RestAssured.filters().stream()
                .anyMatch(f -> f.getClass().getName().equals(DefaultCredentialsFilter.class.getName()));
        if (!installed) {
            RestAssured.filters(new DefaultCredentialsFilter(TestCredentials.get().operatorKey()));
        }
    }

    @Override
    public Response filter(FilterableRequestSpecification request, FilterableResponseSpecification response,
                           FilterContext context) {
        if (request.getHeaders().hasHeaderWithName(ANONYMOUS)) {
            request.removeHeader(ANONYMOUS);
        } else if (!request.getHeaders().hasHeaderWithName("X-API-Key")
                && !request.getHeaders().hasHeaderWithName("Authorization")) {
            request.header("X-API-Key", key);
        }
        return context.next(request, response);
    }
}
