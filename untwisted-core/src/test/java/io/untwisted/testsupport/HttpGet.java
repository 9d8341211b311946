package io.untwisted.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * Plain HTTP GETs against a local web server, on one connection per request that is closed
 * afterwards, so a test leaves no client thread or socket behind (the teardown gate checks).
 *
 * @param status the response's status code
 * @param body   the response's body, as UTF-8
 */
public record HttpGet(int status, String body) {

    private static final int TIMEOUT_MILLIS = 30_000;

    /** GETs {@code path} from {@code 127.0.0.1:port}; the response, whatever its status. */
    public static HttpGet get(int port, String path) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) URI.create("http://127.0.0.1:" + port + path).toURL()
                .openConnection();
        connection.setConnectTimeout(TIMEOUT_MILLIS);
        connection.setReadTimeout(TIMEOUT_MILLIS);
        connection.setUseCaches(false);
        connection.setRequestProperty("Connection", "close");
        try {
            int status = connection.getResponseCode();
            InputStream stream = status >= 400 ? connection.getErrorStream() : connection.getInputStream();
            String body = stream == null ? "" : readAll(stream);
            return new HttpGet(status, body);
        }
        finally {
            connection.disconnect();
        }
    }

    private static String readAll(InputStream stream) throws IOException {
        try (stream) {
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
