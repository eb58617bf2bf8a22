package dev.virtdeck.fleet;

import com.google.common.util.concurrent.ThreadFactoryBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * A bounded worker pool that maps a list in parallel and returns the results in input order.
 * Each work item must turn its own failures into a result: one item never stops the others.
 */
final class Bounded implements AutoCloseable {
    private final ExecutorService pool;

    Bounded(int parallel) {
        // daemon: a hung host must never keep the CLI alive
        pool = Executors.newFixedThreadPool(parallel,
                new ThreadFactoryBuilder().setNameFormat("virtdeck-fleet-%d").setDaemon(true).build());
    }

    /**
     * Maps every item with at most {@code parallel} running at once and waits for all.
     *
     * @param skipped the result for an item that never ran because the caller was interrupted
     */
    <T, R> List<R> map(List<T> items, Function<T, R> work, Function<T, R> skipped) {
        List<Future<R>> futures = new ArrayList<>(items.size());
        for (T item : items) futures.add(pool.submit(() -> work.apply(item)));
        List<R> out = new ArrayList<>(items.size());
        boolean interrupted = false;
        for (int i = 0; i < futures.size(); i++) {
            Future<R> f = futures.get(i);
            if (interrupted) f.cancel(false);
            try {
                out.add(f.get());
            } catch (InterruptedException e) {
                interrupted = true;
                f.cancel(false);
                out.add(skipped.apply(items.get(i)));
            } catch (CancellationException e) {
                out.add(skipped.apply(items.get(i)));
            } catch (ExecutionException e) {
                // work items catch their own failures; anything here is a bug worth surfacing
                throw new IllegalStateException(e.getCause());
            }
        }
        if (interrupted) Thread.currentThread().interrupt();
        return out;
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
