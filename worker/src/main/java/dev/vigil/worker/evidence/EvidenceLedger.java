package dev.vigil.worker.evidence;

import dev.vigil.worker.detect.Defect;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The evidence of one monitor's recent defects: what was planned, then stored or lost. Kept across the monitor's
 * session restarts and bounded (the newest {@value #MAX_ENTRIES}); one observer (the monitor's status) hears of
 * every change. Thread-safe: the lane plans, capture threads complete.
 */
public final class EvidenceLedger implements EvidenceLinks {

    static final int MAX_ENTRIES = 64;

    private final EvidenceStore store;
    private final Map<String, EvidenceRef> refs = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, EvidenceRef> eldest) {
            return size() > MAX_ENTRIES;
        }
    };
    private final Map<String, String> idToDefect = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > MAX_ENTRIES;
        }
    };
    private volatile Consumer<EvidenceRef> observer = r -> {};

    public EvidenceLedger(EvidenceStore store) {
        this.store = store;
    }

    /** Who hears of changes from now on (replaces the previous observer). */
    public void observe(Consumer<EvidenceRef> changes) {
        observer = changes == null ? r -> {} : changes;
    }

    @Override
    public synchronized EvidenceRef find(Defect defect) {
        EvidenceRef r = refs.get(identity(defect));
        return r == null ? null : r.withLinks(store);
    }

    void planned(Defect defect, EvidenceRef ref) {
        synchronized (this) {
            refs.put(identity(defect), ref);
            idToDefect.put(ref.id(), identity(defect));
        }
    }

    void update(EvidenceRef ref) {
        synchronized (this) {
            String defect = idToDefect.get(ref.id());
            if (defect == null) {
                return; // pushed out by newer defects
            }
            refs.put(defect, ref);
        }
        observer.accept(ref.withLinks(store));
    }

    /** Type, check and start in media time (to the microsecond): one defect of one session. */
    private static String identity(Defect d) {
        return d.key() + "@" + Math.round(d.startSec() * 1e6);
    }
}
