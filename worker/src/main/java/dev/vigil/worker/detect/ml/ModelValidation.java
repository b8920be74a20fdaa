package dev.vigil.worker.detect.ml;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.util.Arrays;
import java.util.Map;

/** Checks a loaded model's declared input and output against the contract it is used with. */
final class ModelValidation {

    private ModelValidation() {}

    /** Returns the contract with the input size filled in from the model when the contract left it at 0. */
    static ModelContract check(String name, OrtSession session, ModelContract c) throws OrtException, ModelException {
        String m = "model:" + name;
        Map<String, NodeInfo> inputs = session.getInputInfo();
        if (inputs.size() != 1) {
            throw new ModelException(
                    m + " has " + inputs.size() + " inputs " + inputs.keySet() + "; Vigil feeds exactly one");
        }
        NodeInfo in = inputs.values().iterator().next();
        if (!(in.getInfo() instanceof TensorInfo t) || t.type != OnnxJavaType.FLOAT) {
            throw new ModelException(
                    m + " input '" + in.getName() + "' is " + in.getInfo() + "; expected a float32 tensor");
        }
        long[] shape = t.getShape();
        if (shape.length != 4) {
            throw new ModelException(m + " input '" + in.getName() + "' has shape " + Arrays.toString(shape)
                    + "; expected rank 4 (" + c.layout() + ")");
        }
        boolean nchw = c.layout() == ModelContract.Layout.NCHW;
        long channels = nchw ? shape[1] : shape[3];
        long h = nchw ? shape[2] : shape[1];
        long w = nchw ? shape[3] : shape[2];
        if (channels != c.frames() && channels != -1) {
            throw new ModelException(m + " input '" + in.getName() + "' has shape " + Arrays.toString(shape) + ": "
                    + channels + " channels in " + c.layout() + " layout; Vigil feeds "
                    + (c.frames() == 1
                            ? "grey (1 channel)"
                            : c.frames() + " grey frames (" + c.frames() + " channels)"));
        }
        int width = c.width();
        int height = c.height();
        if (width == 0 || height == 0) {
            if (w <= 0 || h <= 0) {
                throw new ModelException(m + " input '" + in.getName() + "' has shape " + Arrays.toString(shape)
                        + " with a dynamic size: declare width and height in its contract");
            }
            width = (int) w;
            height = (int) h;
        } else if ((w > 0 && w != width) || (h > 0 && h != height)) {
            throw new ModelException(m + " input '" + in.getName() + "' has shape " + Arrays.toString(shape)
                    + " but its contract says " + width + "x" + height + " " + c.layout());
        }
        Map<String, NodeInfo> outputs = session.getOutputInfo();
        NodeInfo out = outputs.values().iterator().next();
        if (!(out.getInfo() instanceof TensorInfo ot) || ot.type != OnnxJavaType.FLOAT) {
            throw new ModelException(
                    m + " output '" + out.getName() + "' is " + out.getInfo() + "; expected a float32 tensor");
        }
        long[] os = ot.getShape();
        if (os.length < 1 || os.length > 2) {
            throw new ModelException(
                    m + " output '" + out.getName() + "' has shape " + Arrays.toString(os) + "; expected [N] or [N,K]");
        }
        long k = os.length == 2 ? os[1] : 1;
        if (k > 0 && c.scoreIndex() >= k) {
            throw new ModelException(m + " output '" + out.getName() + "' has " + k + " values per frame; scoreIndex "
                    + c.scoreIndex() + " is out of range");
        }
        return c.withSize(width, height);
    }

    static String firstLine(String s) {
        if (s == null) {
            return "unknown error";
        }
        int nl = s.indexOf('\n');
        return (nl < 0 ? s : s.substring(0, nl)).trim();
    }
}
