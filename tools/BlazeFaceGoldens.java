import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * Writes ONNX Runtime's raw BlazeFace outputs for a square RGB PNG of the model's input size, the
 * goldens BlazeFaceGoldenTest compares the Java network against:
 *
 * <pre>
 * ORT=~/.m2/repository/com/microsoft/onnxruntime/onnxruntime/1.29.0/onnxruntime-1.29.0.jar
 * java -cp $ORT tools/BlazeFaceGoldens.java MODEL.onnx IMAGE.png OUT.safetensors
 * </pre>
 *
 * The input is NHWC, {@code v / 127.5f - 1f} per 8-bit sample, exactly as the Java test builds it.
 * The output file holds the four graph outputs as F32 under their ONNX names.
 */
public class BlazeFaceGoldens {
    public static void main(String[] args) throws Exception {
        if (args.length != 3) throw new IllegalArgumentException("usage: MODEL.onnx IMAGE.png OUT.safetensors");
        BufferedImage image = ImageIO.read(Path.of(args[1]).toFile());
        int s = image.getWidth();
        if (image.getHeight() != s) throw new IllegalArgumentException(args[1] + " is not square");
        float[] nhwc = new float[s * s * 3];
        for (int y = 0; y < s; y++) {
            for (int x = 0; x < s; x++) {
                int rgb = image.getRGB(x, y);
                for (int c = 0; c < 3; c++) nhwc[(y * s + x) * 3 + c] = ((rgb >> (16 - 8 * c)) & 0xFF) / 127.5f - 1f;
            }
        }
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession session = env.createSession(args[0], new OrtSession.SessionOptions());
             OnnxTensor in = OnnxTensor.createTensor(env, FloatBuffer.wrap(nhwc), new long[] {1, s, s, 3});
             OrtSession.Result result = session.run(Map.of("input:0", in))) {
            String[] names = {"Identity:0", "Identity_1:0", "Identity_2:0", "Identity_3:0"};
            StringBuilder header = new StringBuilder("{");
            ByteArrayOutputStream data = new ByteArrayOutputStream();
            for (String name : names) {
                OnnxTensor t = (OnnxTensor) result.get(name).orElseThrow();
                long[] shape = t.getInfo().getShape();
                FloatBuffer fb = t.getFloatBuffer();
                ByteBuffer bytes = ByteBuffer.allocate(fb.remaining() * 4).order(ByteOrder.LITTLE_ENDIAN);
                while (fb.hasRemaining()) bytes.putFloat(fb.get());
                if (header.length() > 1) header.append(',');
                header.append('"').append(name).append("\":{\"dtype\":\"F32\",\"shape\":[")
                        .append(shape[0]).append(',').append(shape[1]).append(',').append(shape[2])
                        .append("],\"data_offsets\":[").append(data.size()).append(',')
                        .append(data.size() + bytes.capacity()).append("]}");
                data.write(bytes.array());
            }
            header.append('}');
            while (header.length() % 8 != 0) header.append(' ');
            byte[] h = header.toString().getBytes(StandardCharsets.UTF_8);
            ByteBuffer prefix = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(h.length);
            ByteArrayOutputStream file = new ByteArrayOutputStream();
            file.write(prefix.array());
            file.write(h);
            file.write(data.toByteArray());
            Files.write(Path.of(args[2]), file.toByteArray());
            System.out.println(args[2] + ": ORT " + ai.onnxruntime.OrtEnvironment.getEnvironment().getVersion());
        }
    }
}
