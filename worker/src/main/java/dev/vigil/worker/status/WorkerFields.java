package dev.vigil.worker.status;

import dev.vigil.api.v1alpha1.Conditions;
import dev.vigil.api.v1alpha1.DefectType;
import dev.vigil.api.v1alpha1.status.ActiveDefect;
import dev.vigil.api.v1alpha1.status.AvSync;
import dev.vigil.api.v1alpha1.status.Condition;
import dev.vigil.api.v1alpha1.status.ConditionStatus;
import dev.vigil.api.v1alpha1.status.RecentDefect;
import dev.vigil.api.v1alpha1.status.StreamInfo;
import dev.vigil.api.v1alpha1.status.StreamMonitorStatus;
import dev.vigil.api.v1alpha1.status.TransportError;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The status fields a worker writes, and how one shard's state merges into what is on the resource
 * (pure; the sharding rules are here):
 *
 * <ul>
 *   <li>{@code activeDefects}: each shard replaces only the entries of the detectors it runs, keeping the
 *       others as read. A shard that stopped (moved away, suspended) removes only the entries it reported, so
 *       the worker that took its detectors over keeps its own. {@code activeDefectTypes} and {@code DefectsActive} follow from the merged list, so
 *       whichever shard writes last computes them from everything.</li>
 *   <li>{@code recentDefects}: the union of what is on the resource and what this shard saw clear, newest
 *       first, at most {@link StreamMonitorStatus#MAX_RECENT_DEFECTS}.</li>
 *   <li>{@code transportErrors}: written by the shard that runs the transport detector; {@code avSync} by the shard
 *       that runs av_sync.</li>
 *   <li>{@code StreamUp} and {@code stream}: written only by the primary shard (the first assignment), since
 *       every shard decodes the same source; the others keep them as read.</li>
 *   <li>The conditions list is written whole: the operator's conditions as read, StreamUp and DefectsActive
 *       replaced in place. A condition keeps its lastTransitionTime while its status is unchanged.</li>
 * </ul>
 *
 * {@code lastUpdateTime} is not part of the comparison: a write that would change only it is not made.
 */
public record WorkerFields(
        List<Condition> conditions,
        List<ActiveDefect> activeDefects,
        String activeDefectTypes,
        List<RecentDefect> recentDefects,
        StreamInfo stream,
        List<TransportError> transportErrors,
        AvSync avSync) {

    /** The worker-owned fields as they are in a status (null: none yet). */
    public static WorkerFields of(StreamMonitorStatus s) {
        if (s == null) {
            return new WorkerFields(null, null, null, null, null, null, null);
        }
        return new WorkerFields(
                s.getConditions(),
                s.getActiveDefects(),
                s.getActiveDefectTypes(),
                s.getRecentDefects(),
                s.getStream(),
                s.getTransportErrors(),
                s.getAvSync());
    }

    /** What the shard in {@code mine} writes over {@code read}; {@code now} stamps changed conditions. */
    public static WorkerFields merge(StreamMonitorStatus read, MonitorState.Snapshot mine, String now) {
        WorkerFields current = of(read);
        List<ActiveDefect> active = new ArrayList<>();
        if (current.activeDefects() != null) {
            for (ActiveDefect d : current.activeDefects()) {
                boolean ours = mine.released()
                        ? mine.retracted().stream()
                                .anyMatch(r ->
                                        r.getType().equals(d.getType()) && Objects.equals(r.getSince(), d.getSince()))
                        : mine.ownedDetectors().contains(d.getType())
                                || mine.active().stream()
                                        .anyMatch(m -> m.getType().equals(d.getType()));
                if (!ours) {
                    active.add(d);
                }
            }
        }
        active.addAll(mine.active());
        active.sort(Comparator.comparing(ActiveDefect::getSince, Comparator.nullsFirst(Comparator.naturalOrder()))
                .thenComparing(ActiveDefect::getType));
        if (active.size() > StreamMonitorStatus.MAX_ACTIVE_DEFECTS) {
            active = new ArrayList<>(active.subList(0, StreamMonitorStatus.MAX_ACTIVE_DEFECTS));
        }
        List<String> types =
                active.stream().map(ActiveDefect::getType).distinct().sorted().toList();

        Map<String, RecentDefect> recent = new LinkedHashMap<>();
        for (List<RecentDefect> list : List.of(
                mine.cleared(), current.recentDefects() == null ? List.<RecentDefect>of() : current.recentDefects())) {
            for (RecentDefect r : list) {
                recent.putIfAbsent(r.getType() + "/" + r.getCheck() + "@" + r.getStartTime() + "@" + r.getEndTime(), r);
            }
        }
        List<RecentDefect> recentList = recent.values().stream()
                .sorted(Comparator.comparing(RecentDefect::getEndTime, Comparator.nullsLast(Comparator.reverseOrder())))
                .limit(StreamMonitorStatus.MAX_RECENT_DEFECTS)
                .toList();

        List<Condition> readConditions = current.conditions() == null ? List.of() : current.conditions();
        List<Condition> conditions = new ArrayList<>(readConditions);
        if (mine.primary() && mine.streamUp() != null) {
            put(conditions, stamped(mine.streamUp(), readConditions, now));
        }
        Condition defects = types.isEmpty()
                ? new Condition(
                        Conditions.DEFECTS_ACTIVE, ConditionStatus.FALSE, Conditions.NO_DEFECTS, "No open defects.")
                : new Condition(
                        Conditions.DEFECTS_ACTIVE,
                        ConditionStatus.TRUE,
                        Conditions.DEFECTS_OPEN,
                        "Open defects: " + String.join(", ", types) + ".");
        put(conditions, stamped(defects, readConditions, now));

        StreamInfo stream = mine.primary() && mine.stream() != null ? mine.stream() : current.stream();
        List<TransportError> transport =
                mine.ownedDetectors().contains(DefectType.TRANSPORT.wireName()) && mine.transportErrors() != null
                        ? mine.transportErrors()
                        : current.transportErrors();
        AvSync sync = mine.ownedDetectors().contains(DefectType.AV_SYNC.wireName()) && mine.avSync() != null
                ? mine.avSync()
                : current.avSync();
        return new WorkerFields(
                conditions,
                active.isEmpty() ? null : List.copyOf(active),
                types.isEmpty() ? null : String.join(",", types),
                recentList.isEmpty() ? null : recentList,
                stream,
                transport,
                sync);
    }

    private static Condition stamped(Condition wanted, List<Condition> read, String now) {
        Condition c = new Condition(wanted.getType(), wanted.getStatus(), wanted.getReason(), wanted.getMessage());
        Optional<Condition> before = read.stream()
                .filter(r -> Objects.equals(r.getType(), wanted.getType()))
                .findFirst();
        c.setLastTransitionTime(before.filter(b -> b.getStatus() == wanted.getStatus())
                .map(Condition::getLastTransitionTime)
                .filter(Objects::nonNull)
                .orElse(now));
        return c;
    }

    private static void put(List<Condition> conditions, Condition c) {
        for (int i = 0; i < conditions.size(); i++) {
            if (Objects.equals(conditions.get(i).getType(), c.getType())) {
                conditions.set(i, c);
                return;
            }
        }
        conditions.add(c);
    }
}
