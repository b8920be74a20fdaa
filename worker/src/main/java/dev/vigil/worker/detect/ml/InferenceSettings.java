package dev.vigil.worker.detect.ml;

/**
 * How a worker runs its models; one setting for every model of the process.
 *
 * @param maxBatch       frames (from any streams) run together at most
 * @param maxWaitMillis  how long the first frame of a batch waits for more before the batch runs anyway
 * @param queueCapacity  frames waiting for inference at most; beyond that samples are dropped (and counted)
 *                       rather than slowing the decode threads down
 * @param intraOpThreads ONNX Runtime threads per inference (1: predictable on shared cores)
 * @param cuda           try the CUDA execution provider first (needs the onnxruntime_gpu artifact and a GPU);
 *                       falls back to CPU when it is not available
 */
public record InferenceSettings(int maxBatch, long maxWaitMillis, int queueCapacity, int intraOpThreads, boolean cuda) {

    public static final InferenceSettings DEFAULTS = new InferenceSettings(16, 20, 256, 1, false);

    public InferenceSettings {
        if (maxBatch < 1 || maxWaitMillis < 0 || queueCapacity < 1 || intraOpThreads < 1) {
            throw new IllegalArgumentException("bad inference settings");
        }
    }

    /** From the environment of a worker pod: VIGIL_ML_CUDA=true, VIGIL_ML_THREADS, VIGIL_ML_MAX_BATCH, VIGIL_ML_MAX_WAIT_MS. */
    public static InferenceSettings fromEnvironment() {
        return new InferenceSettings(
                intEnv("VIGIL_ML_MAX_BATCH", DEFAULTS.maxBatch),
                intEnv("VIGIL_ML_MAX_WAIT_MS", (int) DEFAULTS.maxWaitMillis),
                intEnv("VIGIL_ML_QUEUE", DEFAULTS.queueCapacity),
                intEnv("VIGIL_ML_THREADS", DEFAULTS.intraOpThreads),
                Boolean.parseBoolean(System.getenv().getOrDefault("VIGIL_ML_CUDA", "false")));
    }

    private static int intEnv(String name, int fallback) {
        String v = System.getenv(name);
        try {
            return v == null || v.isBlank() ? fallback : Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}
