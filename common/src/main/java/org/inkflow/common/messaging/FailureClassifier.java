package org.inkflow.common.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.minio.errors.ErrorResponseException;
import io.minio.errors.ServerException;
import java.io.IOException;
import java.util.concurrent.TimeoutException;
import org.inkflow.common.events.InvalidEventException;
import org.inkflow.common.storage.ObjectNotFoundException;

/**
 * Tells transient failures from poison by the exception and its causes. Poison markers win wherever they are in the
 * chain (an invalid event, a missing object, {@link ReproducibleFailure}, malformed JSON); then a {@link
 * TransientFailure}, an unacknowledged event, any {@link IOException} (connection refused, socket timeout), a {@link
 * TimeoutException} or an S3 5xx anywhere in the chain is transient; everything else is poison, as before this
 * classifier existed, because an unknown error is assumed to repeat until shown otherwise.
 */
public final class FailureClassifier {

    private FailureClassifier() {
    }

    public static FailureKind classify(Throwable failure) {
        for (Throwable t = failure; t != null; t = next(t, failure)) {
            if (t instanceof InvalidEventException || t instanceof ObjectNotFoundException
                    || t instanceof ReproducibleFailure || t instanceof JsonProcessingException) {
                return FailureKind.POISON;
            }
        }
        for (Throwable t = failure; t != null; t = next(t, failure)) {
            if (t instanceof TransientFailure || t instanceof EventNotAcknowledgedException
                    || t instanceof IOException || t instanceof TimeoutException || t instanceof ServerException
                    || isServerError(t)) {
                return FailureKind.TRANSIENT;
            }
        }
        return FailureKind.POISON;
    }

    private static boolean isServerError(Throwable t) {
        return t instanceof ErrorResponseException e && e.response() != null && e.response().code() >= 500;
    }

    private static Throwable next(Throwable t, Throwable first) {
        Throwable cause = t.getCause();
        return cause == t || cause == first ? null : cause;
    }
}
