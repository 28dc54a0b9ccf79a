package io.seckill.bench;

import java.io.IOException;
import java.net.http.HttpTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import io.seckill.bench.SalePreparation.Buyer;
import io.seckill.bench.Samples.Buffer;
import io.seckill.bench.Samples.Step;

/** The load generator's clients: C virtual threads started together, each recording its requests. */
final class Clients {

    private Clients() {
    }

    /** Unrecorded GETs so that the server's JIT has seen the common HTTP path before the sale. */
    static void warmUp(Http http, Settings settings, List<Buyer> buyers, long itemId) throws InterruptedException {
        var deadline = System.nanoTime() + settings.seconds("warmup").toNanos();
        var scratch = new Samples(System.nanoTime());
        run(settings.clients(), (client, buffer) -> {
            var buyer = buyers.get(client % buyers.size());
            while (System.nanoTime() < deadline) {
                try {
                    http.get("/api/users/me", buyer.token());
                    http.get("/api/items/" + itemId, null);
                    http.get(RequestMix.UNKNOWN_PATH, buyer.token());
                } catch (IOException e) {
                    // warming only
                }
            }
        }, scratch);
    }

    /** One request of a client. */
    interface Exchange {
        Http.Answer send() throws IOException, InterruptedException;
    }

    /** Sends one request and records it; null when there was no answer (recorded as TIMEOUT or IO_ERROR). */
    static Http.Answer call(Buffer buffer, Step step, Exchange exchange) {
        long start = System.nanoTime();
        try {
            var answer = exchange.send();
            buffer.add(step, answer.outcome(), start, System.nanoTime());
            return answer;
        } catch (HttpTimeoutException e) {
            buffer.add(step, "TIMEOUT", start, System.nanoTime());
        } catch (IOException e) {
            buffer.add(step, "IO_ERROR", start, System.nanoTime());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return null;
    }

    /** What one client does with its own sample buffer. */
    interface Client {
        void run(int client, Buffer buffer) throws Exception;
    }

    /** Starts the clients together on virtual threads and waits for all of them. */
    static void run(int count, Client client, Samples samples) throws InterruptedException {
        var go = new CountDownLatch(1);
        var threads = new ArrayList<Thread>(count);
        for (int i = 0; i < count; i++) {
            int id = i;
            var buffer = samples.buffer();
            threads.add(Thread.ofVirtual().name("client-" + i).start(() -> {
                try {
                    go.await();
                    client.run(id, buffer);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        go.countDown();
        for (var thread : threads) {
            thread.join();
        }
    }
}
