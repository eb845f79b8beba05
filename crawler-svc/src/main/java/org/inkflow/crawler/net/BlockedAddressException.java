package org.inkflow.crawler.net;

import java.net.UnknownHostException;

/**
 * A host resolved to an address the crawler must not contact (loopback, private, link-local, metadata...). It is an
 * {@link UnknownHostException} so it travels unchanged through HTTP clients' resolver contracts.
 */
public class BlockedAddressException extends UnknownHostException {

    public BlockedAddressException(String message) {
        super(message);
    }
}
