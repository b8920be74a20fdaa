package dev.vigil.worker.detect.video;

/**
 * The middle of the picture, where the programme is: 15–85% of the width and 17–78% of the height. Channels draw
 * their graphics — logos, bugs, clocks, tickers, lower thirds — in the band around it (inside the title-safe area
 * of EBU R 95, but outside this), so the video detectors judge the programme here and let that band be.
 * Bounds are in thumbnail cells: {@code [left, right) × [top, bottom)}.
 */
record ProgrammeArea(int left, int right, int top, int bottom) {

    static final double LEFT = 0.15;
    static final double RIGHT = 0.85;
    static final double TOP = 0.17;
    static final double BOTTOM = 0.78;

    /** The area of a thumbnail of {@code width}×{@code height} cells: cells wholly inside the bounds. */
    static ProgrammeArea of(int width, int height) {
        return new ProgrammeArea(
                (int) Math.ceil(LEFT * width), (int) Math.floor(RIGHT * width), (int) Math.ceil(TOP * height), (int)
                        Math.floor(BOTTOM * height));
    }

    boolean contains(int x0, int y0, int x1, int y1) {
        return x0 >= left && x1 <= right && y0 >= top && y1 <= bottom;
    }

    int cells() {
        return Math.max(0, right - left) * Math.max(0, bottom - top);
    }
}
