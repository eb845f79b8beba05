package org.inkflow.common.auth;

/**
 * The two roles every Inkflow service knows. {@link #OPERATOR} changes state (crawl jobs, datasets, runs, promotions,
 * cancellations); {@link #CONSUMER} calls the inference endpoints. An operator is also a consumer
 * ({@link OperatorImpliesConsumer}). A JWT carries its roles in the {@code groups} claim.
 */
public final class Roles {

    public static final String OPERATOR = "operator";
    public static final String CONSUMER = "consumer";

    private Roles() {
    }
}
