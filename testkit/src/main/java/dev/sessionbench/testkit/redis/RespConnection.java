package dev.sessionbench.testkit.redis;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.SSLSocketFactory;

/**
 * A minimal blocking RESP2 connection for the test fixture: it is independent of the client under test, so a
 * test can inspect Redis through a second, plain path. Not thread-safe; replies are {@code String}, {@code Long},
 * {@code List<Object>} or null, and an error reply throws {@link RespError}.
 */
public final class RespConnection implements AutoCloseable {

    /** Default connect and read timeout. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    private RespConnection(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new BufferedInputStream(socket.getInputStream());
        this.out = new BufferedOutputStream(socket.getOutputStream());
    }

    /** An error reply from Redis, such as {@code NOSCRIPT} or {@code MOVED}. */
    public static final class RespError extends RuntimeException {
        private static final long serialVersionUID = 1L;

        RespError(String message) {
            super(message);
        }
    }

    /**
     * Returns an open connection to the endpoint, authenticated and on its database; throws
     * {@link UncheckedIOException} when it cannot connect.
     */
    public static RespConnection open(RedisEndpoint endpoint, Duration timeout) {
        Objects.requireNonNull(endpoint, "endpoint must not be null");
        Objects.requireNonNull(timeout, "timeout must not be null");
        int millis = (int) Math.max(1, timeout.toMillis());
        Socket socket = null;
        try {
            socket = new Socket();
            socket.connect(new InetSocketAddress(endpoint.host(), endpoint.port()), millis);
            socket.setSoTimeout(millis);
            socket.setTcpNoDelay(true);
            if (endpoint.tls()) {
                socket = ((SSLSocketFactory) SSLSocketFactory.getDefault())
                        .createSocket(socket, endpoint.host(), endpoint.port(), true);
            }
            RespConnection c = new RespConnection(socket);
            if (endpoint.password() != null) {
                if (endpoint.user() != null) {
                    c.call("AUTH", endpoint.user(), endpoint.password());
                } else {
                    c.call("AUTH", endpoint.password());
                }
            }
            if (endpoint.database() != 0) {
                c.call("SELECT", Integer.toString(endpoint.database()));
            }
            return c;
        } catch (IOException e) {
            closeQuietly(socket);
            throw new UncheckedIOException("cannot reach Redis at " + endpoint + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeQuietly(socket);
            throw e;
        }
    }

    /** Returns the reply to one command; throws {@link RespError} for an error reply. */
    public Object call(String... args) {
        try {
            out.write(('*' + Integer.toString(args.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            for (String arg : args) {
                byte[] b = arg.getBytes(StandardCharsets.UTF_8);
                out.write(('$' + Integer.toString(b.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(b);
                out.write('\r');
                out.write('\n');
            }
            out.flush();
            return read();
        } catch (IOException e) {
            throw new UncheckedIOException("Redis command " + args[0] + " failed: " + e.getMessage(), e);
        }
    }

    /** Returns the reply as a string (a bulk or status reply), or null. */
    public String callString(String... args) {
        Object r = call(args);
        return r == null ? null : r.toString();
    }

    /** Returns the reply as a number. */
    public long callLong(String... args) {
        Object r = call(args);
        if (r instanceof Long n) {
            return n;
        }
        throw new IllegalStateException("expected a number from " + args[0] + ", got " + r);
    }

    /** Returns true when something answers PING within the timeout, false when nothing does. */
    public static boolean answersPing(RedisEndpoint endpoint, Duration timeout) {
        try (RespConnection c = open(endpoint, timeout)) {
            return "PONG".equals(c.call("PING"));
        } catch (UncheckedIOException | RespError e) {
            return false;
        }
    }

    /**
     * Returns true when a Redis server answers PING at all within the timeout, even with an error such as
     * {@code NOAUTH}: the server is up, whether or not this connection may use it.
     */
    public static boolean isUp(RedisEndpoint endpoint, Duration timeout) {
        try (RespConnection c = open(endpoint, timeout)) {
            c.call("PING");
            return true;
        } catch (RespError e) {
            return true;
        } catch (UncheckedIOException e) {
            return false;
        }
    }

    private Object read() throws IOException {
        int type = in.read();
        if (type < 0) {
            throw new EOFException("Redis closed the connection");
        }
        String line = readLine();
        switch (type) {
            case '+':
                return line;
            case '-':
                throw new RespError(line);
            case ':':
                return Long.parseLong(line);
            case '$': {
                int len = Integer.parseInt(line);
                if (len < 0) {
                    return null;
                }
                byte[] b = in.readNBytes(len + 2);
                if (b.length < len + 2) {
                    throw new EOFException("Redis closed the connection in a reply");
                }
                return new String(b, 0, len, StandardCharsets.UTF_8);
            }
            case '*': {
                int n = Integer.parseInt(line);
                if (n < 0) {
                    return null;
                }
                List<Object> list = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    try {
                        list.add(read());
                    } catch (RespError e) {
                        list.add(e);
                    }
                }
                return list;
            }
            default:
                throw new IOException("unexpected RESP type byte " + type);
        }
    }

    private String readLine() throws IOException {
        StringBuilder sb = new StringBuilder();
        int c;
        while ((c = in.read()) != '\r') {
            if (c < 0) {
                throw new EOFException("Redis closed the connection in a reply");
            }
            sb.append((char) c);
        }
        if (in.read() != '\n') {
            throw new IOException("malformed RESP line");
        }
        return sb.toString();
    }

    @Override
    public void close() {
        closeQuietly(socket);
    }

    private static void closeQuietly(Socket socket) {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing a test connection: nothing to do
            }
        }
    }
}
