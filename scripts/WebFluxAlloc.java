import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * Bytes a WebFlux host allocates per request: GET BASE/PATH N times after W warm-up requests, one
 * at a time on one connection, reading BASE/allocated (every live thread's allocated bytes) before
 * and after. Usage: java scripts/WebFluxAlloc.java BASE PATH WARMUP N
 */
public class WebFluxAlloc {
    public static void main(String[] args) throws Exception {
        String base = args[0];
        String path = args[1];
        int warmup = Integer.parseInt(args[2]);
        int n = Integer.parseInt(args[3]);
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + path)).build();
        HttpRequest allocated = HttpRequest.newBuilder(URI.create(base + "/allocated")).build();
        for (int i = 0; i < warmup; i++) {
            client.send(request, HttpResponse.BodyHandlers.discarding());
        }
        Thread.sleep(2000); // the exporter's batches of the warm-up go out
        long before = Long.parseLong(client.send(allocated, HttpResponse.BodyHandlers.ofString()).body());
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            if (client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() != 200) {
                throw new IllegalStateException("not 200");
            }
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        Thread.sleep(2000);
        long after = Long.parseLong(client.send(allocated, HttpResponse.BodyHandlers.ofString()).body());
        System.out.printf("%s: %d requests, %d B per request (the /allocated reads included), %d ms%n",
                path, n, (after - before) / n, millis);
    }
}
