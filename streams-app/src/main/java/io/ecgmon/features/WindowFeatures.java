package io.ecgmon.features;

/**
 * The signal inputs of one window, shaped as the ONNX model takes them (without the batch axis):
 * {@code ecg} [leads][windowSamples], {@code fft} [leads][fftBins], {@code spectrogram}
 * [leads][stftBins][stftFrames].
 */
public record WindowFeatures(float[][] ecg, float[][] fft, float[][][] spectrogram) {}
