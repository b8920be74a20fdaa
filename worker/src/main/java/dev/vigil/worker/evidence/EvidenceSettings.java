package dev.vigil.worker.evidence;

/**
 * What is captured around each defect, and how much of it a storm may cause.
 *
 * @param beforeSec       clip seconds before the defect's onset (from the key frame at or before it)
 * @param afterSec        clip seconds after the onset; the capture is made once these have been decoded
 * @param thumbnails      take a JPEG of the picture at the onset (video streams)
 * @param clips           take the clip (stream copy, no re-encoding)
 * @param thumbnailWidth  widest thumbnail, pixels (smaller pictures keep their size)
 * @param maxRingBytes    most packet bytes a stream's ring holds; a stream above
 *                        {@code maxRingBytes × 8 / ringSec()} bits per second keeps fewer seconds
 * @param streamBurst     captures one stream may make at once ...
 * @param streamPerHour   ... and then per hour
 * @param workerBurst     captures all streams of a process may make at once ...
 * @param workerPerMinute ... and then per minute
 * @param captureThreads  threads encoding thumbnails, writing clips and uploading, shared by every stream
 * @param maxQueuedJobs   captures that may wait for those threads; more are dropped (counted)
 * @param maxQueuedBytes  packet bytes those waiting captures may hold; more are dropped (counted)
 */
public record EvidenceSettings(
        double beforeSec,
        double afterSec,
        boolean thumbnails,
        boolean clips,
        int thumbnailWidth,
        long maxRingBytes,
        int streamBurst,
        double streamPerHour,
        int workerBurst,
        double workerPerMinute,
        int captureThreads,
        int maxQueuedJobs,
        long maxQueuedBytes) {

    /** Room in the ring beyond before + after, so that the key frame before the clip's start is still held. */
    public static final double KEY_FRAME_MARGIN_SEC = 2.0;

    public static final double MAX_SIDE_SEC = 30;

    public static final EvidenceSettings DEFAULTS =
            new EvidenceSettings(5, 5, true, true, 640, 24L << 20, 3, 30, 10, 30, 2, 8, 64L << 20);

    public EvidenceSettings {
        if (!(beforeSec >= 0 && beforeSec <= MAX_SIDE_SEC) || !(afterSec >= 0 && afterSec <= MAX_SIDE_SEC)) {
            throw new IllegalArgumentException("evidence beforeSec and afterSec must be within 0 to " + MAX_SIDE_SEC);
        }
        if (thumbnailWidth < 16
                || maxRingBytes < (1 << 20)
                || streamBurst < 1
                || !(streamPerHour >= 0)
                || workerBurst < 1
                || !(workerPerMinute >= 0)
                || captureThreads < 1
                || maxQueuedJobs < 1
                || maxQueuedBytes < 1) {
            throw new IllegalArgumentException("bad evidence settings " + this);
        }
    }

    /** The command line: every defect of the run (up to a thousand), clips only when asked for. */
    public static EvidenceSettings forCommandLine(boolean clips) {
        return new EvidenceSettings(5, 5, true, clips, 640, 24L << 20, 1000, 0, 1000, 0, 1, 16, 256L << 20);
    }

    /** Seconds of packets a stream keeps: before + after + {@value #KEY_FRAME_MARGIN_SEC}. */
    public double ringSec() {
        return beforeSec + afterSec + KEY_FRAME_MARGIN_SEC;
    }

    public EvidenceSettings withWindow(double before, double after) {
        return new EvidenceSettings(
                before,
                after,
                thumbnails,
                clips,
                thumbnailWidth,
                maxRingBytes,
                streamBurst,
                streamPerHour,
                workerBurst,
                workerPerMinute,
                captureThreads,
                maxQueuedJobs,
                maxQueuedBytes);
    }

    public EvidenceSettings withClips(boolean take) {
        return new EvidenceSettings(
                beforeSec,
                afterSec,
                thumbnails,
                take,
                thumbnailWidth,
                maxRingBytes,
                streamBurst,
                streamPerHour,
                workerBurst,
                workerPerMinute,
                captureThreads,
                maxQueuedJobs,
                maxQueuedBytes);
    }

    public EvidenceSettings withStreamBudget(int burst, double perHour) {
        return new EvidenceSettings(
                beforeSec,
                afterSec,
                thumbnails,
                clips,
                thumbnailWidth,
                maxRingBytes,
                burst,
                perHour,
                workerBurst,
                workerPerMinute,
                captureThreads,
                maxQueuedJobs,
                maxQueuedBytes);
    }

    public EvidenceSettings withWorkerBudget(int burst, double perMinute) {
        return new EvidenceSettings(
                beforeSec,
                afterSec,
                thumbnails,
                clips,
                thumbnailWidth,
                maxRingBytes,
                streamBurst,
                streamPerHour,
                burst,
                perMinute,
                captureThreads,
                maxQueuedJobs,
                maxQueuedBytes);
    }

    public EvidenceSettings withQueue(int jobs, long bytes) {
        return new EvidenceSettings(
                beforeSec,
                afterSec,
                thumbnails,
                clips,
                thumbnailWidth,
                maxRingBytes,
                streamBurst,
                streamPerHour,
                workerBurst,
                workerPerMinute,
                captureThreads,
                jobs,
                bytes);
    }
}
