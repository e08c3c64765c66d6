package io.ecgmon.inference;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.ecgmon.features.FeatureSpec;
import io.ecgmon.features.WindowFeatures;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shipped ONNX model in ONNX Runtime: loaded once per application instance and shared by its
 * stream threads ({@link OrtSession#run} is thread-safe). At start it reads the model card from the
 * file, checks the card's feature spec against this build's, and checks every input and the output
 * against the shapes that spec implies, so a mismatched model fails at start with a clear message
 * rather than at the first window.
 */
public final class OnnxClassifier implements Classifier {

  private static final Logger log = LoggerFactory.getLogger(OnnxClassifier.class);
  public static final String ECG = "ecg";
  public static final String FFT = "fft";
  public static final String SPECTROGRAM = "spectrogram";
  public static final String METADATA = "metadata";
  public static final int METADATA_SIZE = 8;

  private final OrtEnvironment env;
  private final OrtSession session;
  private final ModelCard card;
  private final FeatureSpec spec;
  private final Provider provider;

  private OnnxClassifier(OrtEnvironment env, OrtSession session, ModelCard card, FeatureSpec spec, Provider provider) {
    this.env = env;
    this.session = session;
    this.card = card;
    this.spec = spec;
    this.provider = provider;
  }

  /** Opens the model with a warning logger for the CUDA fallback line. */
  public static OnnxClassifier open(Path model, Provider requested, int threads) {
    return open(model, requested, threads, log::warn);
  }

  /**
   * @param requested CUDA is tried first when asked for; if it cannot be used (a CPU-only runtime, no
   *     GPU, no driver) {@code notice} gets exactly one line saying why and the CPU is used
   * @param threads intra-op threads (0 = ONNX Runtime's default, one per core)
   */
  public static OnnxClassifier open(Path model, Provider requested, int threads, Consumer<String> notice) {
    if (!Files.isReadable(model)) {
      throw new IllegalArgumentException("model file " + model.toAbsolutePath() + " is not readable");
    }
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    OrtSession session = null;
    Provider used = Provider.CPU;
    try {
      if (requested == Provider.CUDA) {
        try {
          session = env.createSession(model.toString(), options(threads, true));
          used = Provider.CUDA;
        } catch (OrtException | RuntimeException | UnsatisfiedLinkError e) {
          notice.accept("CUDA requested but not available (" + firstLine(e) + "): using CPU");
        }
      }
      if (session == null) {
        session = env.createSession(model.toString(), options(threads, false));
      }
      String cardJson = session.getMetadata().getCustomMetadataValue(ModelCard.METADATA_KEY)
          .orElseThrow(() -> new IllegalStateException("model " + model + " has no '" + ModelCard.METADATA_KEY
              + "' in its metadata_props: export it with model/ecgmon_model/publish"));
      ModelCard card = ModelCard.parse(cardJson);
      FeatureSpec spec = card.verifiedFeatureSpec(FeatureSpec.load());
      validate(session, card, spec);
      log.info("model {} {} loaded from {} on {} ({} intra-op threads)", card.name(), card.version(), model, used,
          threads == 0 ? "default" : threads);
      return new OnnxClassifier(env, session, card, spec, used);
    } catch (OrtException e) {
      closeQuietly(session);
      throw new IllegalStateException("cannot load model " + model + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      closeQuietly(session);
      throw e;
    }
  }

  private static OrtSession.SessionOptions options(int threads, boolean cuda) throws OrtException {
    OrtSession.SessionOptions o = new OrtSession.SessionOptions();
    o.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
    if (threads > 0) {
      o.setIntraOpNumThreads(threads);
    }
    o.setInterOpNumThreads(1);
    if (cuda) {
      o.addCUDA(0);
    }
    return o;
  }

  /** The shapes the feature spec implies, in the model's input names; the batch axis is free. */
  static Map<String, long[]> expectedInputs(FeatureSpec spec) {
    int leads = spec.leads().size();
    Map<String, long[]> m = new LinkedHashMap<>();
    m.put(ECG, new long[] {-1, leads, spec.windowSamples()});
    m.put(FFT, new long[] {-1, leads, spec.fftBins()});
    m.put(SPECTROGRAM, new long[] {-1, leads, spec.stftBins(), spec.stftFrames()});
    m.put(METADATA, new long[] {-1, METADATA_SIZE});
    return m;
  }

  static void validate(OrtSession session, ModelCard card, FeatureSpec spec) throws OrtException {
    Map<String, long[]> expected = expectedInputs(spec);
    Map<String, NodeInfo> actual = session.getInputInfo();
    List<String> problems = new ArrayList<>();
    if (!actual.keySet().equals(expected.keySet())) {
      problems.add("inputs are " + actual.keySet() + ", expected " + expected.keySet());
    }
    for (Map.Entry<String, long[]> e : expected.entrySet()) {
      NodeInfo info = actual.get(e.getKey());
      if (info == null) {
        continue;
      }
      long[] shape = ((TensorInfo) info.getInfo()).getShape();
      if (!sameShape(shape, e.getValue())) {
        problems.add("input '" + e.getKey() + "' has shape " + Arrays.toString(shape) + ", expected "
            + Arrays.toString(e.getValue()) + " (-1 = batch)");
      }
      List<Object> cardDims = card.inputs().get(e.getKey());
      if (cardDims == null || cardDims.size() != e.getValue().length) {
        problems.add("model card describes input '" + e.getKey() + "' as " + cardDims);
      }
    }
    Map<String, NodeInfo> outputs = session.getOutputInfo();
    NodeInfo out = outputs.get(card.outputName());
    if (out == null) {
      problems.add("output '" + card.outputName() + "' not found; outputs are " + outputs.keySet());
    } else {
      long[] shape = ((TensorInfo) out.getInfo()).getShape();
      if (!sameShape(shape, new long[] {-1, card.labels().size()})) {
        problems.add("output '" + card.outputName() + "' has shape " + Arrays.toString(shape) + ", expected [-1, "
            + card.labels().size() + "]");
      }
    }
    if (!problems.isEmpty()) {
      throw new IllegalStateException("model does not match the feature spec: " + String.join("; ", problems));
    }
  }

  private static boolean sameShape(long[] actual, long[] expected) {
    if (actual.length != expected.length) {
      return false;
    }
    for (int i = 0; i < actual.length; i++) {
      boolean free = expected[i] == -1;
      if (free ? actual[i] > 1 : actual[i] != expected[i]) {
        return false;
      }
    }
    return true;
  }

  @Override
  public ModelCard card() {
    return card;
  }

  public Provider provider() {
    return provider;
  }

  @Override
  public float[][] classify(List<ModelInput> batch) {
    int n = batch.size();
    if (n == 0) {
      return new float[0][];
    }
    Map<String, long[]> shapes = expectedInputs(spec);
    Map<String, OnnxTensor> inputs = new LinkedHashMap<>();
    try {
      inputs.put(ECG, tensor(shapes.get(ECG), n, batch, (in, buf) -> put(buf, in.signal().ecg())));
      inputs.put(FFT, tensor(shapes.get(FFT), n, batch, (in, buf) -> put(buf, in.signal().fft())));
      inputs.put(SPECTROGRAM, tensor(shapes.get(SPECTROGRAM), n, batch, (in, buf) -> {
        for (float[][] lead : in.signal().spectrogram()) {
          put(buf, lead);
        }
      }));
      inputs.put(METADATA, tensor(shapes.get(METADATA), n, batch, (in, buf) -> buf.put(in.metadata())));
      try (OrtSession.Result result = session.run(inputs)) {
        OnnxValue value = result.get(card.outputName()).orElseThrow();
        return (float[][]) value.getValue();
      }
    } catch (OrtException e) {
      throw new IllegalStateException("inference failed on a batch of " + n + ": " + e.getMessage(), e);
    } finally {
      inputs.values().forEach(OnnxTensor::close);
    }
  }

  private interface Filler {
    void fill(ModelInput input, FloatBuffer buffer);
  }

  private OnnxTensor tensor(long[] shape, int n, List<ModelInput> batch, Filler filler) throws OrtException {
    long[] s = shape.clone();
    s[0] = n;
    long size = 1;
    for (long d : s) {
      size *= d;
    }
    FloatBuffer buffer = FloatBuffer.allocate((int) size);
    for (ModelInput in : batch) {
      int before = buffer.position();
      filler.fill(in, buffer);
      if (buffer.position() - before != size / n) {
        throw new IllegalArgumentException("a window's input has " + (buffer.position() - before) + " values, the "
            + "model takes " + size / n + " per window for shape " + Arrays.toString(shape));
      }
    }
    buffer.flip();
    return OnnxTensor.createTensor(env, buffer, s);
  }

  private static void put(FloatBuffer buf, float[][] rows) {
    for (float[] row : rows) {
      buf.put(row);
    }
  }

  private static String firstLine(Throwable e) {
    String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }

  private static void closeQuietly(OrtSession s) {
    if (s != null) {
      try {
        s.close();
      } catch (OrtException ignored) {
        // already failing; the first error is the one to report
      }
    }
  }

  @Override
  public void close() {
    try {
      session.close();
    } catch (OrtException e) {
      log.warn("closing the ONNX session: {}", e.getMessage());
    }
  }
}
