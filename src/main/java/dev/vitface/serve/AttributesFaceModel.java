package dev.vitface.serve;

import dev.vitface.FaceAttributes;
import dev.vitface.classify.FacePrediction;
import dev.vitface.model.ModelDirectory;
import dev.vitface.preprocess.RgbImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/** The {@link FaceModel} of a loaded {@link FaceAttributes}. */
public final class AttributesFaceModel implements FaceModel {
    private final FaceAttributes model;
    private final ModelInfo info;

    private AttributesFaceModel(FaceAttributes model, ModelInfo info) {
        this.model = model;
        this.info = info;
    }

    /** Reads the weights once more to checksum them (a few seconds for ViT-L/14), so answers name exactly which model gave them. */
    public static AttributesFaceModel of(FaceAttributes model, Path modelDir) throws IOException {
        Path dir = modelDir.toAbsolutePath().normalize();
        String name = dir.getFileName() == null ? dir.toString() : dir.getFileName().toString();
        String sha256 = sha256(dir.resolve(ModelDirectory.WEIGHTS));
        return new AttributesFaceModel(model, new ModelInfo(name, sha256, model.backendName(), model.precisionName()));
    }

    @Override
    public float[] prepare(RgbImage chip) {
        return model.pixelValues(chip);
    }

    @Override
    public List<FacePrediction> classify(List<float[]> faces) {
        return model.classifyPixelValues(faces);
    }

    @Override
    public ModelInfo info() {
        return info;
    }

    static String sha256(Path file) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
        byte[] buffer = new byte[1 << 20];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buffer)) > 0; ) digest.update(buffer, 0, n);
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
