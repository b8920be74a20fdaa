package dev.vigil.worker.detect.ml;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.vigil.worker.media.LumaImage;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One loaded model, shared by every stream of the worker process: one ONNX Runtime session and one inference
 * thread that runs micro-batches across streams (up to {@link InferenceSettings#maxBatch} frames, or whatever
 * arrived within {@link InferenceSettings#maxWaitMillis} of the first). {@link #submit} never blocks: when the
 * queue is full the sample is dropped and counted, so a model that falls behind costs detections, never
 * decode speed.
 */
public final class ModelRuntime implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(ModelRuntime.class.getName());

    /** Receives a sample's score on the inference thread. */
    public interface ScoreListener {
        void scored(double score);

        void failed(String message);
    }

    private record Request(LumaImage image, ScoreListener listener) {}

    private final String name;
    private final OrtEnvironment env;
    private final OrtSession session;
    private final String inputName;
    private final ModelContract contract;
    private final InferenceSettings settings;
    private final String provider;
    private final BlockingQueue<Request> queue;
    private final Thread thread;
    private final AtomicLong submitted = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong batches = new AtomicLong();
    private volatile boolean closed;

    private ModelRuntime(
            String name,
            OrtEnvironment env,
            OrtSession session,
            String inputName,
            ModelContract contract,
            InferenceSettings settings,
            String provider) {
        this.name = name;
        this.env = env;
        this.session = session;
        this.inputName = inputName;
        this.contract = contract;
        this.settings = settings;
        this.provider = provider;
        this.queue = new ArrayBlockingQueue<>(settings.queueCapacity());
        this.thread = new Thread(this::serve, "vigil-ml-" + name);
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /**
     * Loads a model and checks it against its contract (input width/height from the model when the contract
     * leaves them at 0).
     *
     * @param model the ONNX file's bytes
     * @throws ModelException with a message fit for the user: not ONNX, wrong input shape or type, …
     */
    public static ModelRuntime load(String name, byte[] model, ModelContract declared, InferenceSettings settings)
            throws ModelException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        OrtSession session = null;
        try {
            String[] provider = {"CPU"};
            session = createSession(env, model, settings, provider);
            ModelContract contract = ModelValidation.check(name, session, declared);
            String input = session.getInputNames().iterator().next();
            LOG.log(
                    System.Logger.Level.INFO,
                    () -> "model:" + name + " loaded on " + provider[0] + " (" + contract.describe() + ")");
            return new ModelRuntime(name, env, session, input, contract, settings, provider[0]);
        } catch (OrtException e) {
            closeQuietly(session);
            throw new ModelException(
                    "model:" + name + " cannot be loaded: " + ModelValidation.firstLine(e.getMessage()), e);
        } catch (ModelException | RuntimeException e) {
            closeQuietly(session);
            throw e;
        }
    }

    private static OrtSession createSession(
            OrtEnvironment env, byte[] model, InferenceSettings settings, String[] provider) throws OrtException {
        try (OrtSession.SessionOptions opts = new OrtSession.SessionOptions()) {
            opts.setIntraOpNumThreads(settings.intraOpThreads());
            opts.setInterOpNumThreads(1);
            opts.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
            opts.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            if (settings.cuda()) {
                try {
                    opts.addCUDA(0);
                    provider[0] = "CUDA";
                } catch (OrtException | RuntimeException | LinkageError e) {
                    LOG.log(
                            System.Logger.Level.WARNING,
                            () -> "CUDA execution provider not available (" + ModelValidation.firstLine(e.getMessage())
                                    + "); running models on CPU");
                }
            }
            return env.createSession(model, opts);
        }
    }

    public String name() {
        return name;
    }

    public ModelContract contract() {
        return contract;
    }

    /** {@code CPU} or {@code CUDA}. */
    public String provider() {
        return provider;
    }

    /** Queues a sample for the next batch; false (and counted as dropped) when the queue is full or closed. */
    public boolean submit(LumaImage image, ScoreListener listener) {
        submitted.incrementAndGet();
        if (closed || !queue.offer(new Request(image, listener))) {
            dropped.incrementAndGet();
            return false;
        }
        return true;
    }

    public long submitted() {
        return submitted.get();
    }

    public long dropped() {
        return dropped.get();
    }

    public long batches() {
        return batches.get();
    }

    /**
     * Scores images now, on the calling thread, as one batch (benchmarks and evaluation). A two-frame model gets
     * each image's previous frame as its second channel (the image itself when it has none: no change).
     */
    public double[] score(List<LumaImage> images) throws OrtException {
        int n = images.size();
        int w = contract.width();
        int h = contract.height();
        int frames = contract.frames();
        FloatBuffer input = FloatBuffer.allocate(n * frames * w * h);
        float scale = (float) (1 / contract.std());
        float mean = (float) contract.mean();
        for (LumaImage img : images) {
            if (img.width() != w || img.height() != h) {
                throw new IllegalArgumentException(
                        "image " + img.width() + "x" + img.height() + " for a " + w + "x" + h + " model");
            }
            put(input, img.pixels(), mean, scale);
            if (frames == 2) {
                put(input, (img.previous() != null ? img.previous() : img).pixels(), mean, scale);
            }
        }
        input.flip();
        // grey channels: with one, NCHW and NHWC hold the same bytes, only the declared shape differs
        long[] shape =
                contract.layout() == ModelContract.Layout.NCHW ? new long[] {n, frames, h, w} : new long[] {n, h, w, 1};
        try (OnnxTensor tensor = OnnxTensor.createTensor(env, input, shape);
                OrtSession.Result result = session.run(Map.of(inputName, tensor))) {
            return scores(result.get(0), n);
        }
    }

    private static void put(FloatBuffer input, byte[] pixels, float mean, float scale) {
        for (byte b : pixels) {
            input.put(((b & 0xFF) - mean) * scale);
        }
    }

    private double[] scores(OnnxValue value, int n) throws OrtException {
        Object v = value.getValue();
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            float[] row = v instanceof float[][] rows ? rows[i] : new float[] {((float[]) v)[i]};
            if (contract.scoreIndex() >= row.length) {
                throw new IllegalStateException("model:" + name + " output has " + row.length
                        + " values per frame; scoreIndex " + contract.scoreIndex() + " is out of range");
            }
            out[i] = activate(row);
        }
        return out;
    }

    private double activate(float[] row) {
        double x = row[contract.scoreIndex()];
        return switch (contract.activation()) {
            case NONE -> x;
            case SIGMOID -> 1 / (1 + Math.exp(-x));
            case SOFTMAX -> {
                double max = Double.NEGATIVE_INFINITY;
                for (float f : row) {
                    max = Math.max(max, f);
                }
                double sum = 0;
                for (float f : row) {
                    sum += Math.exp(f - max);
                }
                yield Math.exp(x - max) / sum;
            }
        };
    }

    private void serve() {
        List<Request> batch = new ArrayList<>(settings.maxBatch());
        List<LumaImage> images = new ArrayList<>(settings.maxBatch());
        while (!closed) {
            try {
                Request first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(settings.maxWaitMillis());
                while (batch.size() < settings.maxBatch()) {
                    queue.drainTo(batch, settings.maxBatch() - batch.size());
                    long left = deadline - System.nanoTime();
                    if (batch.size() >= settings.maxBatch() || left <= 0) {
                        break;
                    }
                    Request next = queue.poll(left, TimeUnit.NANOSECONDS);
                    if (next == null) {
                        break;
                    }
                    batch.add(next);
                }
                run(batch, images);
            } catch (InterruptedException e) {
                break;
            } finally {
                batch.clear();
                images.clear();
            }
        }
        for (Request r : queue) {
            r.listener().failed("model:" + name + " closed");
        }
    }

    private void run(List<Request> batch, List<LumaImage> images) {
        for (Request r : batch) {
            images.add(r.image());
        }
        double[] scores;
        try {
            scores = score(images);
            batches.incrementAndGet();
        } catch (OrtException | RuntimeException e) {
            String msg = "model:" + name + " inference failed: " + ModelValidation.firstLine(e.getMessage());
            for (Request r : batch) {
                r.listener().failed(msg);
            }
            return;
        }
        for (int i = 0; i < batch.size(); i++) {
            batch.get(i).listener().scored(scores[i]);
        }
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closeQuietly(session);
    }

    private static void closeQuietly(OrtSession s) {
        if (s != null) {
            try {
                s.close();
            } catch (OrtException ignored) {
                // closing a session that failed validation: nothing more to do
            }
        }
    }

    @Override
    public String toString() {
        return "model:" + name + " " + Arrays.asList(contract.describe(), provider);
    }
}
