package org.inkflow.inference.it;

import static io.restassured.RestAssured.given;

/**
 * Reads values from the service's own Prometheus endpoint: what dashboards see, and free of meters that earlier
 * Quarkus apps in the same test JVM may have left in Micrometer's global registry.
 */
public final class Scrape {

    private Scrape() {
    }

    public static String metrics() {
        return given().get("/q/metrics").then().statusCode(200).extract().asString();
    }

    /**
     * The sum of every sample of {@code name} whose labels contain all of {@code labels} (e.g.
     * {@code outcome="failure"}); 0 when there is none.
     */
    public static double sum(String name, String... labels) {
        double total = 0;
        for (String line : metrics().split("\n")) {
            if (line.startsWith("#") || !(line.startsWith(name + "{") || line.startsWith(name + " "))) {
                continue;
            }
            String series = line.substring(0, line.lastIndexOf(' '));
            boolean matches = true;
            for (String label : labels) {
                matches &= series.contains(label);
            }
            if (matches) {
                total += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return total;
    }
}
