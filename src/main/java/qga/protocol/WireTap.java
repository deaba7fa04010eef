package qga.protocol;

/** Sees the exact JSON text sent and received (the shell's :trace). Called on any thread. */
public interface WireTap {
    void sent(String json);

    void received(String json);
}
