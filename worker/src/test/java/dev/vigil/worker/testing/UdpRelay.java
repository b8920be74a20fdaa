package dev.vigil.worker.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketException;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A UDP relay on loopback that forwards datagrams from a sender to a receiver (and the receiver's answers back,
 * which SRT needs) and drops forwarded datagrams on command: the lossy contribution link of a live test.
 */
public final class UdpRelay implements AutoCloseable {

    private final DatagramSocket front;
    private final DatagramSocket back;
    private final InetSocketAddress target;
    private final Random random = new Random(11);
    private final AtomicLong dropped = new AtomicLong();
    private volatile double dropProbability;
    private volatile double blankProbability;
    private volatile SocketAddress sender;
    private volatile boolean closed;

    private UdpRelay(int targetPort) throws SocketException {
        front = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        back = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        target = new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort);
        thread("vigil-test-relay-forward", this::forward);
        thread("vigil-test-relay-back", this::answer);
    }

    /** Relays to {@code targetPort} on loopback; send to {@link #port()}. */
    public static UdpRelay to(int targetPort) {
        try {
            return new UdpRelay(targetPort);
        } catch (SocketException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return front.getLocalPort();
    }

    /** From now on, drop each forwarded datagram with this probability (0 forwards everything). */
    public void drop(double probability) {
        dropProbability = probability;
    }

    /**
     * From now on, turn each MPEG-TS datagram of an SRT stream into null packets with this probability: loss
     * upstream of the SRT hop (a lossy encoder or first mile), which SRT's retransmission cannot repair because
     * SRT itself delivers every datagram.
     */
    public void blankSrtPayload(double probability) {
        blankProbability = probability;
    }

    public long dropped() {
        return dropped.get();
    }

    private void forward() {
        byte[] buf = new byte[65536];
        while (!closed) {
            try {
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                front.receive(p);
                sender = p.getSocketAddress();
                if (dropProbability > 0 && random.nextDouble() < dropProbability) {
                    dropped.incrementAndGet();
                    continue;
                }
                if (blankProbability > 0 && isSrtDataWithTs(p) && random.nextDouble() < blankProbability) {
                    blank(p.getData(), p.getOffset() + SRT_HEADER, p.getLength() - SRT_HEADER);
                    dropped.incrementAndGet();
                }
                back.send(new DatagramPacket(p.getData(), p.getOffset(), p.getLength(), target));
            } catch (IOException e) {
                if (!closed) {
                    sleep();
                }
            }
        }
    }

    private void answer() {
        byte[] buf = new byte[65536];
        while (!closed) {
            try {
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                back.receive(p);
                SocketAddress to = sender;
                if (to != null) {
                    front.send(new DatagramPacket(p.getData(), p.getOffset(), p.getLength(), to));
                }
            } catch (IOException e) {
                if (!closed) {
                    sleep();
                }
            }
        }
    }

    private static final int SRT_HEADER = 16;

    /** An SRT data packet (first bit 0) whose payload starts with a TS sync byte. */
    private static boolean isSrtDataWithTs(DatagramPacket p) {
        byte[] d = p.getData();
        int o = p.getOffset();
        return p.getLength() > SRT_HEADER + 188 && (d[o] & 0x80) == 0 && d[o + SRT_HEADER] == 0x47;
    }

    /** Every whole TS packet becomes a null packet (PID 0x1FFF): the real ones are lost. */
    private static void blank(byte[] d, int from, int length) {
        for (int o = from; o + 188 <= from + length; o += 188) {
            if (d[o] == 0x47) {
                d[o + 1] = 0x1F;
                d[o + 2] = (byte) 0xFF;
                d[o + 3] = 0x10;
            }
        }
    }

    private static void thread(String name, Runnable r) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        t.start();
    }

    private static void sleep() {
        try {
            Thread.sleep(10);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        closed = true;
        front.close();
        back.close();
    }
}
