package qga.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import qga.base.ExitCode;
import qga.base.Phase;
import qga.base.QgaException;

/**
 * One task run against many agents, at most {@code parallel} at a time, each on a thread of its
 * own with its own agent: a slow, silent or missing agent holds only its own thread, for no longer
 * than its own timeouts, while the others go on. Every target gets exactly one result, reported as
 * it completes. {@link #cancel()} stops everything from any thread: targets not started are not
 * started, running tasks are stopped through their agent (or their own stop), and run() returns
 * once every task has.
 */
public final class FanOut<T> {
    /** One agent to run the task on: its name as the user gave it, and the agent (opened, not yet connected). */
    public record Target(String name, Agent agent) {
    }

    /** The work on one agent. */
    @FunctionalInterface
    public interface Task<T> {
        /**
         * Runs on the target's own thread. A cancel reaches it as {@link Agent#cancel()}, which ends
         * the wait in progress (a cancel between two requests is lost, and the next one runs to its
         * answer or its timeout), unless it hands {@code stops} a stop of its own first (a task that
         * must undo something in the guest before it returns).
         */
        T run(Agent agent, Stops stops) throws QgaException, InterruptedException;
    }

    /** Where a task registers how to stop it; see {@link Task#run}. */
    public static final class Stops {
        private volatile Runnable own;

        public void onCancel(Runnable stop) {
            own = stop;
        }
    }

    /** What came of one target: its value, or the failure that ended it. */
    public record Result<T>(int index, String target, T value, QgaException failure) {
        /** The failure's exit code, or OK. */
        public ExitCode code() {
            return failure == null ? ExitCode.OK : failure.exitCode();
        }
    }

    private final int parallel;
    private final Map<Integer, Runnable> running = new ConcurrentHashMap<>();
    private volatile boolean cancelled;

    public FanOut(int parallel) {
        if (parallel < 1) {
            throw new IllegalArgumentException("parallel " + parallel);
        }
        this.parallel = parallel;
    }

    /**
     * Runs the task on every target and closes each agent after its task; results go to done as
     * they complete, one call at a time. A target not started because of a cancel gets a
     * cancelled failure. Returns when every target has its result.
     */
    public void run(List<Target> targets, Task<T> task, Consumer<Result<T>> done) throws InterruptedException {
        AtomicInteger next = new AtomicInteger();
        List<Thread> workers = new ArrayList<>();
        for (int w = 0; w < Math.min(parallel, targets.size()); w++) {
            Thread worker = new Thread(() -> {
                for (int i; (i = next.getAndIncrement()) < targets.size(); ) {
                    Result<T> result = runOne(i, targets.get(i), task);
                    synchronized (done) {
                        done.accept(result);
                    }
                }
            }, "fan-out-" + w);
            worker.setDaemon(true);
            workers.add(worker);
            worker.start();
        }
        try {
            for (Thread worker : workers) {
                worker.join();
            }
        } finally {
            // an interrupted caller leaves nothing running behind it
            if (workers.stream().anyMatch(Thread::isAlive)) {
                cancel();
            }
        }
    }

    private Result<T> runOne(int index, Target target, Task<T> task) {
        try (Agent agent = target.agent()) {
            if (cancelled) {
                return new Result<>(index, target.name(), null, QgaException.cancelled("interrupted before it was asked"));
            }
            Stops stops = new Stops();
            // not an interrupt of the thread: that would close a socket channel in the middle of connecting
            running.put(index, () -> {
                Runnable own = stops.own;
                if (own != null) {
                    own.run();
                } else {
                    agent.cancel();
                }
            });
            try {
                // a cancel that came between the check above and the registration
                if (cancelled) {
                    throw QgaException.cancelled("interrupted before it was asked");
                }
                return new Result<>(index, target.name(), task.run(agent, stops), null);
            } finally {
                running.remove(index);
            }
        } catch (QgaException e) {
            return new Result<>(index, target.name(), null, e);
        } catch (InterruptedException e) {
            return new Result<>(index, target.name(), null, QgaException.cancelled("interrupted"));
        } catch (RuntimeException e) {
            // a bug in one task is that target's failure, not a target without a result
            return new Result<>(index, target.name(), null, new QgaException(ExitCode.INTERNAL, Phase.REPLY,
                    "internal error: " + e, e));
        }
    }

    /** From any thread: stops every running task and starts no more. */
    public void cancel() {
        cancelled = true;
        running.values().forEach(Runnable::run);
    }

    /** True once {@link #cancel()} was called. */
    public boolean isCancelled() {
        return cancelled;
    }
}
