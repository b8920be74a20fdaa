#!/usr/bin/python3
"""Writes the tiny ONNX models the worker's tests use for bring-your-own models (no torch needed; python3-onnx).

  brightness-64x32.onnx   input "luma" [N,1,32,64] float -> output "score" [N,1] = mean of the input.
                          With contract mean 0, std 255 the score is the picture's mean brightness in 0..1:
                          a model whose behaviour a test can predict exactly.
  rgb-64x32.onnx          the same with a 3-channel input [N,3,32,64]: does not fit a grey contract.
  change-64x32.onnx       input [N,2,32,64] (a frame and the frame before it, as the temporal built-in model takes)
                          -> mean(channel 0 - channel 1): shows which channel holds which frame.
Run: /usr/bin/python3 ml/fixtures.py worker/src/test/resources/models
"""
import os
import sys

import onnx
from onnx import TensorProto, helper


def brightness(channels):
    x = helper.make_tensor_value_info("luma", TensorProto.FLOAT, ["N", channels, 32, 64])
    y = helper.make_tensor_value_info("score", TensorProto.FLOAT, ["N", 1])
    pool = helper.make_node("GlobalAveragePool", ["luma"], ["pooled"])
    mean = helper.make_node("ReduceMean", ["pooled"], ["channelMean"], axes=[1], keepdims=1)
    flat = helper.make_node("Flatten", ["channelMean"], ["score"], axis=1)
    graph = helper.make_graph([pool, mean, flat], "brightness", [x], [y])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)], producer_name="vigil-ml-fixtures")
    model.ir_version = 7
    onnx.checker.check_model(model)
    return model


def change():
    x = helper.make_tensor_value_info("luma", TensorProto.FLOAT, ["N", 2, 32, 64])
    y = helper.make_tensor_value_info("score", TensorProto.FLOAT, ["N", 1])
    pool = helper.make_node("GlobalAveragePool", ["luma"], ["pooled"])
    flat = helper.make_node("Flatten", ["pooled"], ["means"], axis=1)
    weights = helper.make_tensor("weights", TensorProto.FLOAT, [2, 1], [1.0, -1.0])
    diff = helper.make_node("MatMul", ["means", "weights"], ["score"])
    graph = helper.make_graph([pool, flat, diff], "change", [x], [y], initializer=[weights])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)], producer_name="vigil-ml-fixtures")
    model.ir_version = 7
    onnx.checker.check_model(model)
    return model


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else "."
    os.makedirs(out, exist_ok=True)
    onnx.save(brightness(1), os.path.join(out, "brightness-64x32.onnx"))
    onnx.save(brightness(3), os.path.join(out, "rgb-64x32.onnx"))
    onnx.save(change(), os.path.join(out, "change-64x32.onnx"))
    print("wrote", sorted(f for f in os.listdir(out) if f.endswith(".onnx")))


if __name__ == "__main__":
    main()
