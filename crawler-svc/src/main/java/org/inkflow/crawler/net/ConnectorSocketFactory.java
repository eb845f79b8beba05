package org.inkflow.crawler.net;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import javax.net.SocketFactory;

/** Sockets whose {@code connect} goes through a {@link Connector}; OkHttp opens every connection through it. */
final class ConnectorSocketFactory extends SocketFactory {

    private final Connector connector;

    ConnectorSocketFactory(Connector connector) {
        this.connector = connector;
    }

    @Override
    public Socket createSocket() {
        return new ConnectorSocket(connector);
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return connected(new InetSocketAddress(host, port));
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return connected(new InetSocketAddress(host, port));
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return connected(new InetSocketAddress(host, port));
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
        return connected(new InetSocketAddress(address, port));
    }

    private Socket connected(InetSocketAddress address) throws IOException {
        Socket socket = createSocket();
        socket.connect(address);
        return socket;
    }

    private static final class ConnectorSocket extends Socket {
        private final Connector connector;

        ConnectorSocket(Connector connector) {
            this.connector = connector;
        }

        @Override
        public void connect(SocketAddress endpoint, int timeout) throws IOException {
            if (!(endpoint instanceof InetSocketAddress address) || address.isUnresolved()) {
                throw new IOException("refusing to connect to an unresolved address " + endpoint
                        + "; every address must pass the crawler's address policy first");
            }
            connector.connect(address, timeout, (a, t) -> super.connect(a, t));
        }
    }
}
