package dev.vigil.worker.report;

import static dev.vigil.worker.report.Html.esc;
import static dev.vigil.worker.report.Html.n1;
import static dev.vigil.worker.report.Html.n2;

import dev.vigil.api.v1alpha1.Severity;
import dev.vigil.worker.detect.Defect;
import dev.vigil.worker.detect.DetectorName;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The HTML report's pictures, as inline SVG on one time axis: the timeline (a lane per detector, each defect a band
 * coloured by severity) and the measurement curves with the defects of their kind shaded behind them.
 */
final class SvgCharts {

    static final int WIDTH = 1000;
    static final int LEFT = 118;
    static final int RIGHT = 16;
    private static final int LANE = 26;
    private static final int AXIS = 24;
    private static final int CURVE_HEIGHT = 170;

    private final double durationSec;

    SvgCharts(double durationSec) {
        this.durationSec = Math.max(durationSec, 1);
    }

    static String severityColour(Severity s) {
        return switch (s) {
            case MINOR -> "#e3a008";
            case MAJOR -> "#e8590c";
            case CRITICAL -> "#c92a2a";
        };
    }

    double x(double sec) {
        return LEFT + (WIDTH - LEFT - RIGHT) * Math.max(0, Math.min(sec, durationSec)) / durationSec;
    }

    /** One lane per detector, one band per defect; the x axis below. */
    String timeline(Set<DetectorName> detectors, List<Defect> defects) {
        int height = detectors.size() * LANE + AXIS + 6;
        StringBuilder s = new StringBuilder();
        s.append("<svg id=\"timeline-chart\" data-seconds=\"")
                .append(n2(durationSec))
                .append("\" viewBox=\"0 0 ")
                .append(WIDTH)
                .append(' ')
                .append(height)
                .append("\" role=\"img\" aria-label=\"Defects over time, one lane per detector\">");
        int lanesHeight = detectors.size() * LANE;
        for (int i = 0; i < detectors.size(); i++) {
            s.append("<rect class=\"lane-bg\" x=\"")
                    .append(LEFT)
                    .append("\" y=\"")
                    .append(i * LANE + 3)
                    .append("\" width=\"")
                    .append(WIDTH - LEFT - RIGHT)
                    .append("\" height=\"")
                    .append(LANE - 6)
                    .append("\" rx=\"4\"/>");
        }
        verticalGrid(s, 0, lanesHeight + 4);
        int row = 0;
        for (DetectorName d : detectors) {
            int y = row * LANE;
            s.append("<g class=\"lane\" data-detector=\"")
                    .append(esc(d.wireName()))
                    .append("\">");
            s.append("<text class=\"lane-label\" x=\"")
                    .append(LEFT - 10)
                    .append("\" y=\"")
                    .append(y + LANE / 2 + 4)
                    .append("\" text-anchor=\"end\">")
                    .append(esc(d.wireName()))
                    .append("</text>");
            for (Defect f : defects) {
                if (!f.type().equals(d)) {
                    continue;
                }
                double x0 = x(f.startSec());
                double w = Math.max(3, x(f.endSec()) - x0);
                s.append("<rect class=\"band\" data-type=\"")
                        .append(esc(f.type().wireName()))
                        .append("\" data-severity=\"")
                        .append(f.severity().wireName())
                        .append("\" data-start=\"")
                        .append(n2(f.startSec()))
                        .append("\" data-end=\"")
                        .append(n2(f.endSec()))
                        .append("\" x=\"")
                        .append(n1(x0))
                        .append("\" y=\"")
                        .append(y + 5)
                        .append("\" width=\"")
                        .append(n1(w))
                        .append("\" height=\"")
                        .append(LANE - 10)
                        .append("\" rx=\"3\" fill=\"")
                        .append(severityColour(f.severity()))
                        .append("\"><title>")
                        .append(esc(f.key()))
                        .append(' ')
                        .append(Html.time(f.startSec()))
                        .append(" – ")
                        .append(Html.time(f.endSec()))
                        .append(f.openAtEnd() ? " (still open at the end)" : "")
                        .append(", ")
                        .append(f.severity().wireName())
                        .append("</title></rect>");
            }
            s.append("</g>");
            row++;
        }
        axis(s, lanesHeight);
        return s.append("</svg>").toString();
    }

    /**
     * A curve chart: one or more series over the time axis, a reference line, and the defects that {@code shade}
     * picks drawn as translucent columns behind.
     */
    String curves(
            String id,
            String label,
            String unit,
            double yMin,
            double yMax,
            List<Line> lines,
            Reference ref,
            List<Defect> defects,
            Predicate<Defect> shade) {
        int top = 8;
        int plot = CURVE_HEIGHT;
        int height = top + plot + AXIS + 6;
        StringBuilder s = new StringBuilder();
        s.append("<svg id=\"")
                .append(esc(id))
                .append("\" class=\"curve-chart\" viewBox=\"0 0 ")
                .append(WIDTH)
                .append(' ')
                .append(height)
                .append("\" role=\"img\" aria-label=\"")
                .append(esc(label))
                .append("\">");
        s.append("<rect class=\"plot-bg\" x=\"")
                .append(LEFT)
                .append("\" y=\"")
                .append(top)
                .append("\" width=\"")
                .append(WIDTH - LEFT - RIGHT)
                .append("\" height=\"")
                .append(plot)
                .append("\"/>");
        for (Defect d : defects) {
            if (shade.test(d)) {
                double x0 = x(d.startSec());
                s.append("<rect class=\"shade\" data-type=\"")
                        .append(esc(d.type().wireName()))
                        .append("\" x=\"")
                        .append(n1(x0))
                        .append("\" y=\"")
                        .append(top)
                        .append("\" width=\"")
                        .append(n1(Math.max(2, x(d.endSec()) - x0)))
                        .append("\" height=\"")
                        .append(plot)
                        .append("\" fill=\"")
                        .append(severityColour(d.severity()))
                        .append("\"/>");
            }
        }
        verticalGrid(s, top, top + plot + 4);
        // horizontal grid with labels
        for (double v : gridValues(yMin, yMax)) {
            double y = y(v, yMin, yMax, top, plot);
            s.append("<line class=\"gridline\" x1=\"")
                    .append(LEFT)
                    .append("\" x2=\"")
                    .append(WIDTH - RIGHT)
                    .append("\" y1=\"")
                    .append(n1(y))
                    .append("\" y2=\"")
                    .append(n1(y))
                    .append("\"/>");
            s.append("<text class=\"tick\" x=\"")
                    .append(LEFT - 8)
                    .append("\" y=\"")
                    .append(n1(y + 4))
                    .append("\" text-anchor=\"end\">")
                    .append(esc(fmt(v)))
                    .append("</text>");
        }
        s.append("<text class=\"unit\" x=\"12\" y=\"")
                .append(top + 12)
                .append("\">")
                .append(esc(unit))
                .append("</text>");
        if (ref != null) {
            double y = y(ref.value(), yMin, yMax, top, plot);
            s.append("<line class=\"reference\" x1=\"")
                    .append(LEFT)
                    .append("\" x2=\"")
                    .append(WIDTH - RIGHT)
                    .append("\" y1=\"")
                    .append(n1(y))
                    .append("\" y2=\"")
                    .append(n1(y))
                    .append("\"/>");
            s.append("<text class=\"reference-label\" x=\"")
                    .append(WIDTH - RIGHT - 4)
                    .append("\" y=\"")
                    .append(n1(y - 5))
                    .append("\" text-anchor=\"end\">")
                    .append(esc(ref.label()))
                    .append("</text>");
        }
        for (Line line : lines) {
            String path = path(line.series(), yMin, yMax, top, plot);
            if (!path.isEmpty()) {
                s.append("<path class=\"curve ")
                        .append(esc(line.cssClass()))
                        .append("\" d=\"")
                        .append(path)
                        .append("\"><title>")
                        .append(esc(line.name()))
                        .append("</title></path>");
            }
        }
        axis(s, top + plot);
        return s.append("</svg>").toString();
    }

    /** A series to draw, with its legend name and CSS class. */
    record Line(CurveSeries series, String name, String cssClass) {}

    /** A horizontal reference line (target, threshold). */
    record Reference(double value, String label) {}

    private String path(CurveSeries series, double yMin, double yMax, int top, int plot) {
        double[] v = series.values();
        double bin = series.binSec();
        StringBuilder p = new StringBuilder();
        boolean pen = false;
        for (int i = 0; i < v.length; i++) {
            if (Double.isNaN(v[i])) {
                pen = false;
                continue;
            }
            double val = Math.max(yMin, Math.min(yMax, v[i]));
            p.append(pen ? " L" : (p.length() > 0 ? " M" : "M"))
                    .append(n1(x((i + 0.5) * bin)))
                    .append(' ')
                    .append(n1(y(val, yMin, yMax, top, plot)));
            pen = true;
        }
        return p.toString();
    }

    /** Light vertical lines at the time ticks, drawn under what the chart shows. */
    private void verticalGrid(StringBuilder s, int top, int bottom) {
        double step = tickStep(durationSec);
        for (double t = 0; t <= durationSec + 1e-9; t += step) {
            double x = x(t);
            s.append("<line class=\"vgrid\" x1=\"")
                    .append(n1(x))
                    .append("\" x2=\"")
                    .append(n1(x))
                    .append("\" y1=\"")
                    .append(top)
                    .append("\" y2=\"")
                    .append(bottom)
                    .append("\"/>");
        }
    }

    /** The time axis at {@code y}, with its labels. */
    private void axis(StringBuilder s, int y) {
        s.append("<line class=\"axis\" x1=\"")
                .append(LEFT)
                .append("\" x2=\"")
                .append(WIDTH - RIGHT)
                .append("\" y1=\"")
                .append(y)
                .append("\" y2=\"")
                .append(y)
                .append("\"/>");
        double step = tickStep(durationSec);
        for (double t = 0; t <= durationSec + 1e-9; t += step) {
            s.append("<text class=\"tick\" x=\"")
                    .append(n1(x(t)))
                    .append("\" y=\"")
                    .append(y + 17)
                    .append("\" text-anchor=\"middle\">")
                    .append(esc(Html.tick(t)))
                    .append("</text>");
        }
    }

    /** 1, 2, 5, 10, 15, 30 s, 1, 2, 5, 10, 15, 30 min ... so that the axis has at most about 12 ticks. */
    static double tickStep(double durationSec) {
        double[] steps = {1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 14400, 28800, 86400};
        for (double s : steps) {
            if (durationSec / s <= 12) {
                return s;
            }
        }
        return 86400 * Math.ceil(durationSec / 86400 / 12);
    }

    private static double y(double v, double yMin, double yMax, int top, int plot) {
        return top + plot * (1 - (v - yMin) / (yMax - yMin));
    }

    private static double[] gridValues(double yMin, double yMax) {
        double range = yMax - yMin;
        double step = range > 40 ? 10 : range > 8 ? 2 : range > 4 ? 1 : 0.5;
        int n = (int) Math.floor(range / step) + 1;
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = yMin + i * step;
        }
        return out;
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : n1(v);
    }
}
