package dev.vitface.spark;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** How {@code --faces} turns an image into faces. */
public enum FaceMode {
    /** Each image is one face crop (FairFace style): face 0, box = the whole image. */
    CROP,
    /** Faces found by the BlazeFace detector, each aligned to a dlib-style chip. */
    DETECT;

    /**
     * The default of {@code --faces}. It is meant to be DETECT: photos in, one row per face. This
     * build has no detector yet (issue #14), so it is CROP until {@link FaceSources} is wired to it.
     */
    public static final FaceMode DEFAULT = CROP;

    public static final List<String> NAMES = Arrays.stream(values()).map(FaceMode::cliName).toList();

    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static FaceMode parse(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }
}
