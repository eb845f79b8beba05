package org.inkflow.e2e;

/** The five services, their module folders and default ports. */
public enum InkflowService {
    CRAWLER("crawler-svc", 8081),
    CLEANER("cleaner-svc", 8082),
    TRAINER("trainer-svc", 8083),
    EVALUATOR("evaluator-svc", 8084),
    INFERENCE("inference-svc", 8080);

    final String module;
    final int defaultPort;

    InkflowService(String module, int defaultPort) {
        this.module = module;
        this.defaultPort = defaultPort;
    }

    public String module() {
        return module;
    }

    public int defaultPort() {
        return defaultPort;
    }
}
