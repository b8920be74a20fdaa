package dev.vigil.worker.evidence;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Evidence capture for every stream of a process: the store, the capture threads (thumbnail, clip, upload) behind
 * a bounded queue, the process-wide budget, the counters, and each monitor's {@link EvidenceLedger}. Streams get
 * an {@link EvidenceRecorder} each. A capture that finds the queue full is dropped and counted: the decode
 * threads never wait for it.
 */
public final class EvidenceCapture implements EvidenceLinks.Directory, AutoCloseable {

    private final EvidenceStore store;
    private final EvidenceSettings settings;
    private final String keyPrefix;
    private final EvidenceCounters counters = new EvidenceCounters();
    private final CaptureBudget budget;
    private final ThreadPoolExecutor threads;
    private final AtomicLong queuedBytes = new AtomicLong();
    private final Map<String, EvidenceLedger> ledgers = new ConcurrentHashMap<>();
    private final Set<EvidenceRecorder> recorders = ConcurrentHashMap.newKeySet();
    private final Object idle = new Object();
    private int inFlight;

    public EvidenceCapture(EvidenceStore store, EvidenceSettings settings) {
        this(store, settings, "");
    }

    /** @param keyPrefix what every object key of a monitor starts with (a pool's {@code prefix}) */
    public EvidenceCapture(EvidenceStore store, EvidenceSettings settings, String keyPrefix) {
        this.store = store;
        this.settings = settings;
        this.keyPrefix = keyPrefix == null ? "" : keyPrefix;
        this.budget = new CaptureBudget(settings.workerBurst(), settings.workerPerMinute() / 60);
        this.threads = new ThreadPoolExecutor(
                settings.captureThreads(),
                settings.captureThreads(),
                30,
                TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(settings.maxQueuedJobs()),
                r -> {
                    Thread t = new Thread(r, "vigil-evidence");
                    t.setDaemon(true);
                    t.setPriority(Thread.NORM_PRIORITY - 1); // decoding comes first
                    return t;
                });
        threads.allowCoreThreadTimeOut(true);
    }

    /** A recorder for one session; {@code metadata} goes with each object (monitor, worker ...). */
    public EvidenceRecorder recorder(
            String session, EvidenceNaming naming, EvidenceLedger ledger, Map<String, String> metadata) {
        EvidenceRecorder r = new EvidenceRecorder(this, session, naming, ledger, metadata);
        recorders.add(r);
        return r;
    }

    /** Object keys of a monitor's evidence: {@code <prefix>/<namespace>/<monitor>/...}. */
    public EvidenceNaming namingFor(String namespace, String name) {
        return EvidenceNaming.forMonitor(keyPrefix, namespace, name);
    }

    /** The ledger of a monitor, kept across its sessions until {@link #forget}. */
    public EvidenceLedger ledger(String namespace, String name) {
        return ledgers.computeIfAbsent(namespace + "/" + name, k -> new EvidenceLedger(store));
    }

    /** The monitor left this worker: its ledger goes. */
    public void forget(String namespace, String name) {
        ledgers.remove(namespace + "/" + name);
    }

    @Override
    public EvidenceLinks links(String namespace, String name) {
        EvidenceLedger l = ledgers.get(namespace + "/" + name);
        return l == null
                ? defect -> {
                    EvidenceLedger late = ledgers.get(namespace + "/" + name);
                    return late == null ? null : late.find(defect);
                }
                : l;
    }

    public EvidenceCounters counters() {
        return counters;
    }

    public EvidenceSettings settings() {
        return settings;
    }

    public EvidenceStore store() {
        return store;
    }

    /** Packet bytes all streams' rings hold now. */
    public long ringBytes() {
        return recorders.stream().mapToLong(EvidenceRecorder::ringBytes).sum();
    }

    /** Captures waiting for or on the capture threads. */
    public int queued() {
        synchronized (idle) {
            return inFlight;
        }
    }

    /** Waits until every capture handed over so far is stored or lost. @return false on timeout */
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (idle) {
            while (inFlight > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(idle, left);
            }
            return true;
        }
    }

    /** Takes one capture from the process-wide budget. */
    boolean withinBudget() {
        return budget.tryTake();
    }

    void giveBackBudget() {
        budget.giveBack();
    }

    void ended(EvidenceRecorder recorder) {
        recorders.remove(recorder);
    }

    /** Whether a capture would find room now (checked before taking its packets, to spare the decode thread). */
    boolean hasRoom() {
        return threads.getQueue().remainingCapacity() > 0
                && queuedBytes.get() < settings.maxQueuedBytes()
                && !threads.isShutdown();
    }

    /** A capture not taken: counted as dropped, its evidence marked lost. */
    void dropUntaken(EvidenceLedger ledger, EvidenceRef ref, String why) {
        counters.countDropped();
        ledger.update(ref.lost(why, false, false, Double.NaN, Double.NaN));
    }

    /** Hands a capture to the capture threads; never blocks. @return false when it was dropped */
    boolean submit(CaptureJob job) {
        long bytes = job.bytes();
        if (queuedBytes.addAndGet(bytes) > settings.maxQueuedBytes()) {
            queuedBytes.addAndGet(-bytes);
            return dropped(job, "capture fell behind: too many bytes waiting");
        }
        synchronized (idle) {
            inFlight++;
        }
        try {
            threads.execute(() -> {
                try {
                    job.run();
                } finally {
                    queuedBytes.addAndGet(-bytes);
                    done();
                }
            });
            return true;
        } catch (RejectedExecutionException e) {
            queuedBytes.addAndGet(-bytes);
            done();
            return dropped(job, threads.isShutdown() ? "worker stopping" : "capture fell behind: queue full");
        }
    }

    private boolean dropped(CaptureJob job, String why) {
        counters.countDropped();
        job.drop(why);
        return false;
    }

    private void done() {
        synchronized (idle) {
            inFlight--;
            idle.notifyAll();
        }
    }

    /** Lets queued captures finish for up to 10 s, then closes the store. */
    @Override
    public void close() {
        threads.shutdown();
        try {
            threads.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        threads.shutdownNow();
        store.close();
    }
}
