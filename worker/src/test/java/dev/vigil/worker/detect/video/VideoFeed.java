package dev.vigil.worker.detect.video;

import dev.vigil.worker.detect.Detector;
import dev.vigil.worker.media.FrameAnalyzer;
import dev.vigil.worker.media.TestFrames.Plane;
import java.util.function.IntFunction;

/** Runs synthetic frames at 25 fps through a {@link FrameAnalyzer} into a detector. */
final class VideoFeed {
    static final double FPS = 25.0;
    static final double FRAME = 1 / FPS;

    private VideoFeed() {}

    static double pts(int frame) {
        return frame / FPS;
    }

    /** Feeds frames {@code 0..frames-1} and then finishes the detector at the last frame's end. */
    static void run(Detector detector, int frames, IntFunction<Plane> frameAt) {
        FrameAnalyzer analyzer = new FrameAnalyzer();
        for (int i = 0; i < frames; i++) {
            detector.onVideo(frameAt.apply(i).analyze(analyzer, pts(i)));
        }
        detector.finish(pts(frames));
    }
}
