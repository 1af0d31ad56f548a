import dev.knobs.trainer.OnnxModels;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes samples/price.onnx: a small linear model for a first upload — the price of a flat (in
 * thousands) from its size in m², its rooms and its age in years, as one input {@code x} of shape
 * [N, 3] and one output {@code y} of shape [N, 1]. Run by samples/make-model.sh.
 */
public class MakeModel {
    public static void main(String[] args) throws Exception {
        byte[] model = OnnxModels.linear(new float[] {2.5f, 10f, -0.4f}, 50f);
        Files.write(Path.of(args.length > 0 ? args[0] : "samples/price.onnx"), model);
    }
}
