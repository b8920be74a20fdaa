package dev.vigil.tools.accuracy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Scores detections against labels, per defect type, by interval matching: a detection and a label of the same
 * type in the same clip match when their intersection is at least {@value #MIN_IOU} of their union; each label and
 * each detection matches at most once (best overlaps first). A matched label is a true positive, an unmatched one
 * a miss (false negative), an unmatched detection a false alarm (false positive), so a defect reported in two
 * pieces costs a false alarm. A freeze reported over a labelled black is not counted either way (a still black
 * picture is frozen too). Precision, recall and F1 per type follow.
 */
final class Scorer {

    static final List<String> TYPES = List.of("freeze", "black", "blockiness", "silence", "clipping");
    static final double MIN_IOU = 0.3;

    private Scorer() {}

    /** Counts for one type. */
    record TypeScore(int truePositives, int falsePositives, int falseNegatives) {

        double precision() {
            return truePositives + falsePositives == 0 ? 1 : truePositives / (double) (truePositives + falsePositives);
        }

        double recall() {
            return truePositives + falseNegatives == 0 ? 1 : truePositives / (double) (truePositives + falseNegatives);
        }

        double f1() {
            double p = precision();
            double r = recall();
            return p + r == 0 ? 0 : 2 * p * r / (p + r);
        }

        int labels() {
            return truePositives + falseNegatives;
        }
    }

    /** One miss or false alarm, for the report's "what still fails". */
    record Failure(Clip clip, String type, boolean miss, double startSec, double endSec) {

        String describe() {
            return String.format(
                            Locale.ROOT,
                            "%s %s %s %.2f-%.2f in %s (%s)",
                            miss ? "missed" : "false",
                            type,
                            miss ? "" : "alarm",
                            startSec,
                            endSec,
                            clip.id(),
                            clip.describe())
                    .replace("  ", " ");
        }
    }

    /** Scores per type, in {@link #TYPES} order; {@code detections.get(i)} belongs to {@code clips.get(i)}. */
    static Map<String, TypeScore> score(List<Clip> clips, List<List<Detection>> detections) {
        Map<String, int[]> counts = new LinkedHashMap<>();
        TYPES.forEach(t -> counts.put(t, new int[3]));
        match(clips, detections, (clip, type, label, detection) -> {
            int[] c = counts.get(type);
            if (c == null) {
                return;
            }
            if (label != null && detection != null) {
                c[0]++;
            } else if (detection != null) {
                c[1]++;
            } else {
                c[2]++;
            }
        });
        Map<String, TypeScore> out = new LinkedHashMap<>();
        counts.forEach((t, c) -> out.put(t, new TypeScore(c[0], c[1], c[2])));
        return out;
    }

    /** Every miss and false alarm, by type, then clip. */
    static List<Failure> failures(List<Clip> clips, List<List<Detection>> detections) {
        List<Failure> out = new ArrayList<>();
        match(clips, detections, (clip, type, label, detection) -> {
            if (!TYPES.contains(type)) {
                return;
            }
            if (label != null && detection == null) {
                out.add(new Failure(clip, type, true, label.startSec(), label.endSec()));
            } else if (label == null && detection != null) {
                out.add(new Failure(clip, type, false, detection.startSec(), detection.endSec()));
            }
        });
        out.sort(Comparator.comparing((Failure f) -> TYPES.indexOf(f.type()))
                .thenComparing(f -> f.clip().id()));
        return out;
    }

    /** Matched pairs, misses (detection null) and false alarms (label null). */
    interface Outcome {
        void accept(Clip clip, String type, Label label, Detection detection);
    }

    static void match(List<Clip> clips, List<List<Detection>> detections, Outcome outcome) {
        for (int i = 0; i < clips.size(); i++) {
            Clip clip = clips.get(i);
            List<Label> labels = clip.labels();
            List<Detection> found = detections.get(i);
            boolean[] labelUsed = new boolean[labels.size()];
            boolean[] foundUsed = new boolean[found.size()];
            record Pair(int label, int detection, double iou) {}
            List<Pair> pairs = new ArrayList<>();
            for (int l = 0; l < labels.size(); l++) {
                for (int d = 0; d < found.size(); d++) {
                    if (labels.get(l).type().equals(found.get(d).type())) {
                        double iou = iou(labels.get(l), found.get(d));
                        if (iou >= MIN_IOU) {
                            pairs.add(new Pair(l, d, iou));
                        }
                    }
                }
            }
            pairs.sort(Comparator.comparingDouble(Pair::iou).reversed());
            for (Pair p : pairs) {
                if (!labelUsed[p.label()] && !foundUsed[p.detection()]) {
                    labelUsed[p.label()] = true;
                    foundUsed[p.detection()] = true;
                    outcome.accept(clip, labels.get(p.label()).type(), labels.get(p.label()), found.get(p.detection()));
                }
            }
            for (int l = 0; l < labels.size(); l++) {
                if (!labelUsed[l]) {
                    outcome.accept(clip, labels.get(l).type(), labels.get(l), null);
                }
            }
            for (int d = 0; d < found.size(); d++) {
                if (!foundUsed[d] && !stillBlack(found.get(d), labels)) {
                    outcome.accept(clip, found.get(d).type(), null, found.get(d));
                }
            }
        }
    }

    /**
     * A still black picture is also a frozen one: FFmpeg's freezedetect reports both, Vigil only the black. A freeze
     * reported over a labelled black is neither right nor wrong.
     */
    private static boolean stillBlack(Detection d, List<Label> labels) {
        return d.type().equals("freeze")
                && labels.stream().anyMatch(l -> l.type().equals("black") && iou(l, d) >= MIN_IOU);
    }

    static double iou(Label label, Detection d) {
        double inter = Math.min(label.endSec(), d.endSec()) - Math.max(label.startSec(), d.startSec());
        double union = Math.max(label.endSec(), d.endSec()) - Math.min(label.startSec(), d.startSec());
        return inter <= 0 || union <= 0 ? 0 : inter / union;
    }
}
