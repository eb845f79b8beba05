package org.inkflow.cleaner.datasets;

import org.inkflow.common.api.ProblemException;

/**
 * A dataset request that cannot be served as asked: {@code status} is the HTTP status the API answers (400 for a bad
 * field, 404 for an unknown dataset, 422 when no samples match), {@code field} the request field at fault, if any.
 */
public class DatasetRequestException extends ProblemException {

    public DatasetRequestException(int status, String field, String message) {
        super(status, field, message);
    }

    public static DatasetRequestException badField(String field, String message) {
        return new DatasetRequestException(400, field, message);
    }

    public static DatasetRequestException notFound(String message) {
        return new DatasetRequestException(404, null, message);
    }
}
