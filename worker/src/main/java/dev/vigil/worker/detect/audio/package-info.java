/**
 * Audio defect detectors: {@link dev.vigil.worker.detect.audio.SilenceDetector} (FFmpeg
 * {@code silencedetect}), {@link dev.vigil.worker.detect.audio.ClippingDetector} (runs of full-scale samples)
 * and {@link dev.vigil.worker.detect.audio.LoudnessDetector} (EBU R128 short-term, true peak and integrated
 * verdict), with the reusable {@link dev.vigil.worker.detect.audio.LoudnessMeter} (ITU-R BS.1770-4) and
 * {@link dev.vigil.worker.detect.audio.TruePeakMeter} (BS.1770-4 Annex 2).
 *
 * <p>All detectors take their time base from each block's pts while keeping filter and window state
 * continuous across blocks, run simple loops over the planar float arrays, and allocate nothing per sample.
 */
package dev.vigil.worker.detect.audio;
