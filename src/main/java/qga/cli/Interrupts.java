package qga.cli;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * SIGINT (Ctrl-C), SIGTERM and SIGHUP (the terminal went away) handed to an action for the length
 * of a job, instead of ending the JVM at once, so the job can undo what it started in the guest
 * (kill a process, thaw file systems) and exit 128 + the signal itself. Through sun.misc.Signal, reached reflectively: it is
 * the JDK's only way to catch a signal, and naming it would make javac warn on every build.
 */
final class Interrupts implements AutoCloseable {
    static final int SIGHUP = 1;
    static final int SIGINT = 2;
    static final int SIGTERM = 15;

    private final List<Object[]> previous = new ArrayList<>();
    private volatile int received;

    private Interrupts() {
    }

    /** Installs the handlers; action gets the signal number, on a JVM thread of its own. Close to restore. */
    static Interrupts handle(IntConsumer action) {
        Interrupts interrupts = new Interrupts();
        interrupts.install("INT", SIGINT, action);
        interrupts.install("TERM", SIGTERM, action);
        interrupts.install("HUP", SIGHUP, action);
        return interrupts;
    }

    /** The first signal received, or 0. */
    int received() {
        return received;
    }

    private void install(String name, int number, IntConsumer action) {
        try {
            Class<?> signalClass = Class.forName("sun.misc.Signal");
            Class<?> handlerClass = Class.forName("sun.misc.SignalHandler");
            Object signal = signalClass.getConstructor(String.class).newInstance(name);
            InvocationHandler onSignal = (Object proxy, Method method, Object[] args) -> {
                if (method.getName().equals("handle")) {
                    if (received == 0) {
                        received = number;
                    }
                    action.accept(number);
                    return null;
                }
                return method.invoke(this, args);
            };
            Object handler = Proxy.newProxyInstance(Interrupts.class.getClassLoader(), new Class<?>[] {handlerClass}, onSignal);
            Method handle = signalClass.getMethod("handle", signalClass, handlerClass);
            previous.add(new Object[] {handle, signal, handle.invoke(null, signal, handler)});
        } catch (ReflectiveOperationException | IllegalArgumentException e) {
            // a JVM without sun.misc.Signal (or one that reserves the signal) keeps its default: the job just ends
        }
    }

    @Override
    public void close() {
        for (Object[] installed : previous) {
            try {
                ((Method) installed[0]).invoke(null, installed[1], installed[2]);
            } catch (ReflectiveOperationException e) {
                // nothing left to restore
            }
        }
        previous.clear();
    }
}
