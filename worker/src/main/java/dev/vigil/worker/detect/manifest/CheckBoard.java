package dev.vigil.worker.detect.manifest;

import dev.vigil.api.v1alpha1.DefectType;
import dev.vigil.worker.detect.Defect;
import dev.vigil.worker.detect.DefectSink;
import dev.vigil.worker.detect.DetectorName;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.DoubleUnaryOperator;

/**
 * Turns findings into {@code manifest} defects: one defect per {@link Check}, open while any scope (rendition)
 * shows it, so a ladder whose five renditions go stale together is one {@code stale} defect naming the five.
 * State findings hold until the scope reports without them; event findings for their hold time. A defect closes
 * once its check has been absent for the detector's clearSec. Times are the detector's own clock, mapped to the
 * session's media timeline when a defect is reported. Not thread-safe: the detector calls it under its lock.
 */
final class CheckBoard {

    private static final DetectorName TYPE = DetectorName.of(DefectType.MANIFEST);

    private record Active(Finding finding, double expiresAt) {}

    private static final class Open {
        final Defect defect;
        final Set<String> scopes = new TreeSet<>();

        Open(Defect defect) {
            this.defect = defect;
        }
    }

    private final ManifestSettings settings;
    private final DefectSink sink;
    private final DoubleUnaryOperator toSession;
    private final Map<Check, Map<String, Active>> findings = new EnumMap<>(Check.class);
    private final Map<Check, Double> lastActive = new EnumMap<>(Check.class);
    private final Map<Check, Open> open = new EnumMap<>(Check.class);

    CheckBoard(ManifestSettings settings, DefectSink sink, DoubleUnaryOperator toSession) {
        this.settings = settings;
        this.sink = sink;
        this.toSession = toSession;
        for (Check c : Check.values()) {
            findings.put(c, new LinkedHashMap<>());
        }
    }

    /** What holds for {@code scope} now: its state findings not listed here are over. */
    void state(double now, String scope, List<Finding> current) {
        for (Check c : Check.values()) {
            if (c.isEvent()) {
                continue;
            }
            Active before = findings.get(c).remove(scope);
            if (before != null) {
                lastActive.merge(c, now, Math::max);
            }
        }
        for (Finding f : current) {
            if (f.check().isEvent()) {
                event(now, f, 0);
            } else {
                findings.get(f.check()).put(scope, new Active(f, Double.POSITIVE_INFINITY));
            }
        }
    }

    /** An event check seen now; it stays active for {@code holdSec}. */
    void event(double now, Finding f, double holdSec) {
        findings.get(f.check()).put(f.scope(), new Active(f, now + Math.max(holdSec, 1e-3)));
    }

    /** A scope no longer checked (a rendition left the ladder): its findings go. */
    void forget(double now, String scope) {
        state(now, scope, List.of());
        for (Map<String, Active> m : findings.values()) {
            m.remove(scope);
        }
    }

    /** Opens and closes defects for what holds at {@code now}. */
    void evaluate(double now) {
        for (Check c : Check.values()) {
            Map<String, Active> m = findings.get(c);
            m.values().removeIf(a -> {
                if (a.expiresAt() <= now) {
                    lastActive.merge(c, a.expiresAt(), Math::max);
                    return true;
                }
                return false;
            });
            Open o = open.get(c);
            if (!m.isEmpty()) {
                lastActive.put(c, now);
                if (o == null) {
                    Finding first = m.values().iterator().next().finding();
                    Open opened = new Open(new Defect(
                            TYPE,
                            toSession.applyAsDouble(now),
                            Double.NaN,
                            settings.severity(),
                            detail(c, m.keySet(), first),
                            false));
                    opened.scopes.addAll(m.keySet());
                    open.put(c, opened);
                    sink.opened(opened.defect);
                } else {
                    o.scopes.addAll(m.keySet());
                }
            } else if (o != null) {
                double since = lastActive.getOrDefault(c, now);
                if (now - since >= settings.clearSec()) {
                    close(c, o, Math.max(o.defect.startSec(), toSession.applyAsDouble(since)), false);
                }
            }
        }
    }

    /** The checks with an open defect. */
    Set<Check> openChecks() {
        return Set.copyOf(open.keySet());
    }

    boolean isOpen(Check c) {
        return open.containsKey(c);
    }

    /** The session ended: what is open is reported as open at the end. */
    void finish(double endSec) {
        for (Check c : new ArrayList<>(open.keySet())) {
            Open o = open.get(c);
            close(c, o, Math.max(endSec, o.defect.startSec()), true);
        }
    }

    private void close(Check c, Open o, double endSec, boolean openAtEnd) {
        open.remove(c);
        Map<String, Object> d = new LinkedHashMap<>(o.defect.detail());
        d.put("renditions", List.copyOf(o.scopes));
        sink.closed(new Defect(TYPE, o.defect.startSec(), endSec, o.defect.severity(), d, openAtEnd));
    }

    private static Map<String, Object> detail(Check c, Set<String> scopes, Finding first) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("check", c.wireName());
        d.put("renditions", List.copyOf(new TreeSet<>(scopes)));
        d.putAll(first.detail());
        return d;
    }
}
