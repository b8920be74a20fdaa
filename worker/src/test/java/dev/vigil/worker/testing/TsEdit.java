package dev.vigil.worker.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Predicate;

/**
 * Damages an MPEG transport stream the way links and encoders do, packet by packet, for tests: drop packets
 * (at random or in bursts), jump continuity counters, remove the PAT/PMT for a while, set transport error
 * bits, strip PCRs. Each packet knows its time on the stream's clock (seconds since the first PCR), which is
 * also the clock the analyzer judges by.
 */
public final class TsEdit {

    public static final int PACKET = 188;

    /** One packet and its time on the stream's PCR clock. */
    public static final class Pkt {
        public final byte[] bytes;
        public final double sec;

        Pkt(byte[] bytes, double sec) {
            this.bytes = bytes;
            this.sec = sec;
        }

        public int pid() {
            return ((bytes[1] & 0x1F) << 8) | (bytes[2] & 0xFF);
        }

        public boolean hasPcr() {
            int afc = (bytes[3] >> 4) & 3;
            return (afc & 2) != 0 && (bytes[4] & 0xFF) >= 7 && (bytes[5] & 0x10) != 0;
        }

        public boolean hasPayload() {
            return ((bytes[3] >> 4) & 1) != 0;
        }

        public boolean startsUnit() {
            return (bytes[1] & 0x40) != 0;
        }
    }

    private final List<Pkt> packets;

    private TsEdit(List<Pkt> packets) {
        this.packets = packets;
    }

    public static TsEdit read(Path ts) {
        try {
            byte[] all = Files.readAllBytes(ts);
            List<Pkt> list = new ArrayList<>();
            double first = Double.NaN;
            double now = 0;
            for (int o = 0; o + PACKET <= all.length; o += PACKET) {
                byte[] p = new byte[PACKET];
                System.arraycopy(all, o, p, 0, PACKET);
                Pkt pkt = new Pkt(p, now);
                if (pkt.hasPcr()) {
                    double pcr = pcrSec(p);
                    if (Double.isNaN(first)) {
                        first = pcr;
                    }
                    now = pcr - first;
                    pkt = new Pkt(p, now);
                }
                list.add(pkt);
            }
            return new TsEdit(list);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public List<Pkt> packets() {
        return packets;
    }

    /** The PID carrying most packets (the video, in Vigil's test clips). */
    public int busiestPid() {
        int[] n = new int[8192];
        for (Pkt p : packets) {
            n[p.pid()]++;
        }
        int best = 0;
        for (int pid = 1; pid < 8191; pid++) {
            if (n[pid] > n[best]) {
                best = pid;
            }
        }
        return best;
    }

    /** Drops packets the filter selects. */
    public TsEdit drop(Predicate<Pkt> which) {
        packets.removeIf(which);
        return this;
    }

    /** Drops each packet of {@code pid} between the times with probability {@code p}. */
    public TsEdit dropRandom(int pid, double fromSec, double toSec, double p, long seed) {
        Random r = new Random(seed);
        return drop(k -> k.pid() == pid && k.sec >= fromSec && k.sec < toSec && r.nextDouble() < p);
    }

    /** TS packets per UDP or RTP datagram, as senders packetize them (1316 bytes). */
    public static final int PER_DATAGRAM = 7;

    /**
     * Drops whole datagrams (7 consecutive packets of every PID, as a UDP link loses them) between the times, each
     * with probability {@code p}, and one of them at least.
     */
    public TsEdit dropDatagrams(double fromSec, double toSec, double p, long seed) {
        Random r = new Random(seed);
        List<Integer> inRange = new ArrayList<>();
        java.util.Set<Integer> lost = new java.util.HashSet<>();
        for (int i = 0; i < packets.size(); i += PER_DATAGRAM) {
            double t = packets.get(i).sec;
            if (t >= fromSec && t < toSec) {
                inRange.add(i);
                if (r.nextDouble() < p) {
                    lost.add(i);
                }
            }
        }
        if (lost.isEmpty() && !inRange.isEmpty()) {
            // a low bit rate has few datagrams in the interval: one is lost at least, so the damage is real
            lost.add(inRange.get(r.nextInt(inRange.size())));
        }
        List<Pkt> kept = new ArrayList<>();
        for (int i = 0; i < packets.size(); i += PER_DATAGRAM) {
            if (!lost.contains(i)) {
                kept.addAll(packets.subList(i, Math.min(i + PER_DATAGRAM, packets.size())));
            }
        }
        packets.clear();
        packets.addAll(kept);
        return this;
    }

    /** Drops {@code count} consecutive datagrams from the first one at or after {@code atSec}: a burst of loss. */
    public TsEdit dropDatagramBurst(double atSec, int count) {
        List<Pkt> kept = new ArrayList<>();
        int dropped = 0;
        for (int i = 0; i < packets.size(); i += PER_DATAGRAM) {
            List<Pkt> datagram = packets.subList(i, Math.min(i + PER_DATAGRAM, packets.size()));
            if (datagram.get(0).sec >= atSec && dropped < count) {
                dropped++;
            } else {
                kept.addAll(datagram);
            }
        }
        packets.clear();
        packets.addAll(kept);
        return this;
    }

    /** Sets the transport_error_indicator on packets of {@code pid} between the times. */
    public TsEdit setTei(int pid, double fromSec, double toSec) {
        for (Pkt k : packets) {
            if (k.pid() == pid && k.sec >= fromSec && k.sec < toSec) {
                k.bytes[1] |= (byte) 0x80;
            }
        }
        return this;
    }

    /** Adds {@code step} to the continuity counter of every payload packet of {@code pid} from {@code atSec} on. */
    public TsEdit jumpContinuity(int pid, double atSec, int step) {
        for (Pkt k : packets) {
            if (k.pid() == pid && k.sec >= atSec && k.hasPayload()) {
                int cc = (k.bytes[3] + step) & 0x0F;
                k.bytes[3] = (byte) ((k.bytes[3] & 0xF0) | cc);
            }
        }
        return this;
    }

    /** Clears the PCR flag of packets of {@code pid} between the times (the PCR is still there, unflagged). */
    public TsEdit stripPcr(double fromSec, double toSec) {
        for (Pkt k : packets) {
            if (k.hasPcr() && k.sec >= fromSec && k.sec < toSec) {
                k.bytes[5] &= (byte) ~0x10;
            }
        }
        return this;
    }

    /** Overwrites {@code count} bytes at {@code offset} of the first packet of {@code pid} at or after the time. */
    public TsEdit corruptPayload(int pid, double atSec, int offset, int count, long seed) {
        Random r = new Random(seed);
        for (Pkt k : packets) {
            if (k.pid() == pid && k.sec >= atSec) {
                for (int i = offset; i < Math.min(PACKET, offset + count); i++) {
                    k.bytes[i] = (byte) r.nextInt(256);
                }
                return this;
            }
        }
        return this;
    }

    public Path write(Path out) {
        try {
            byte[] all = new byte[packets.size() * PACKET];
            for (int i = 0; i < packets.size(); i++) {
                System.arraycopy(packets.get(i).bytes, 0, all, i * PACKET, PACKET);
            }
            Files.write(out, all);
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static double pcrSec(byte[] p) {
        long base = ((long) (p[6] & 0xFF) << 25)
                | ((p[7] & 0xFF) << 17)
                | ((p[8] & 0xFF) << 9)
                | ((p[9] & 0xFF) << 1)
                | ((p[10] & 0xFF) >> 7);
        long ext = ((p[10] & 0x01) << 8) | (p[11] & 0xFF);
        return (base * 300 + ext) / 27e6;
    }
}
