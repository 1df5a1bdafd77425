package dk.certflow.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A forward proxy on loopback that demands Basic authentication: without the right Proxy-Authorization it answers
 * 407; with it, it tunnels CONNECT (HTTPS) and forwards plain-HTTP requests with an absolute URI. Every request it
 * saw is recorded with the credentials it carried. One request per connection keeps it small.
 */
public final class TestProxy implements AutoCloseable {

    /** A request to the proxy: its method, target (host:port or absolute URI) and Proxy-Authorization (or null). */
    public record Seen(String method, String target, String proxyAuthorization) {
    }

    private final ServerSocket socket;
    private final String expected;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private final List<Socket> open = new CopyOnWriteArrayList<>();

    private TestProxy(String user, String password) throws IOException {
        socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        expected = "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        threads.execute(this::accept);
    }

    public static TestProxy start(String user, String password) throws IOException {
        return new TestProxy(user, password);
    }

    public URI uri() {
        return URI.create("http://127.0.0.1:" + socket.getLocalPort());
    }

    public List<Seen> seen() {
        return List.copyOf(seen);
    }

    /** The requests that carried the right credentials and were passed on. */
    public List<Seen> passedOn() {
        return seen.stream().filter(s -> expected.equals(s.proxyAuthorization())).toList();
    }

    private void accept() {
        while (!socket.isClosed()) {
            try {
                Socket client = socket.accept();
                open.add(client);
                threads.execute(() -> handle(client));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void handle(Socket client) {
        try (client) {
            InputStream in = client.getInputStream();
            OutputStream out = client.getOutputStream();
            List<String> head = readHead(in);
            if (head.isEmpty()) {
                return;
            }
            String[] requestLine = head.get(0).split(" ");
            Map<String, String> headers = headers(head);
            String authorization = headers.get("proxy-authorization");
            seen.add(new Seen(requestLine[0], requestLine[1], authorization));
            if (!expected.equals(authorization)) {
                out.write(("HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm=\"test\"\r\n"
                        + "Content-Length: 0\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                return;
            }
            if (requestLine[0].equals("CONNECT")) {
                String[] hostPort = requestLine[1].split(":");
                try (Socket target = new Socket(hostPort[0], Integer.parseInt(hostPort[1]))) {
                    open.add(target);
                    out.write("HTTP/1.1 200 Connection established\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    threads.execute(() -> pipe(in, target));
                    pipe(target.getInputStream(), client);
                }
                return;
            }
            URI uri = URI.create(requestLine[1]);
            try (Socket target = new Socket(uri.getHost(), uri.getPort())) {
                open.add(target);
                StringBuilder forward = new StringBuilder(requestLine[0] + " " + uri.getRawPath()
                        + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()) + " HTTP/1.1\r\n");
                for (String line : head.subList(1, head.size())) {
                    String name = line.substring(0, line.indexOf(':')).trim().toLowerCase(Locale.ROOT);
                    if (!name.startsWith("proxy-") && !name.equals("connection")) {
                        forward.append(line).append("\r\n");
                    }
                }
                forward.append("Connection: close\r\n\r\n");
                target.getOutputStream().write(forward.toString().getBytes(StandardCharsets.ISO_8859_1));
                threads.execute(() -> pipe(in, target));
                // the answer, told to close: this proxy serves one request per connection
                InputStream answer = target.getInputStream();
                List<String> responseHead = readHead(answer);
                StringBuilder back = new StringBuilder();
                for (String line : responseHead) {
                    if (!line.toLowerCase(Locale.ROOT).startsWith("connection:")) {
                        back.append(line).append("\r\n");
                    }
                }
                back.append("Connection: close\r\n\r\n");
                out.write(back.toString().getBytes(StandardCharsets.ISO_8859_1));
                answer.transferTo(out);
                out.flush();
            }
        } catch (IOException e) {
            // a side hung up: the connection is over
        }
    }

    private static void pipe(InputStream from, Socket to) {
        try {
            from.transferTo(to.getOutputStream());
            to.shutdownOutput();
        } catch (IOException e) {
            // either side closed
        }
    }

    private static List<String> readHead(InputStream in) throws IOException {
        List<String> lines = new ArrayList<>();
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int previous = -1;
        int b;
        while ((b = in.read()) != -1) {
            if (previous == '\r' && b == '\n') {
                byte[] bytes = line.toByteArray();
                String text = new String(bytes, 0, bytes.length - 1, StandardCharsets.ISO_8859_1);
                if (text.isEmpty()) {
                    return lines;
                }
                lines.add(text);
                line.reset();
                previous = -1;
                continue;
            }
            line.write(b);
            previous = b;
        }
        return lines;
    }

    private static Map<String, String> headers(List<String> head) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (String line : head.subList(1, head.size())) {
            int colon = line.indexOf(':');
            headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
        }
        return headers;
    }

    @Override
    public void close() throws IOException {
        socket.close();
        for (Socket s : open) {
            s.close();
        }
        threads.shutdownNow();
    }
}
