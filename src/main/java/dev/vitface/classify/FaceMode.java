package dev.vitface.classify;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Where the faces of an input are: found by detection in a photo, or the input is one ready crop.
 * The one enum of the modes, for {@code classify --faces}, {@code evaluate --faces},
 * {@code serve}'s {@code ?faces=} and {@code vitface-spark audit --faces}.
 */
public enum FaceMode {
    /** Find every face, align it as FairFace's crops were, classify each one. */
    DETECT,
    /** The whole image is one face crop, FairFace-style, classified as it is. */
    CROP;

    /**
     * The mode when none is named, for {@code classify}, {@code serve} and {@code vitface-spark}:
     * photos in, one answer per face. ({@code evaluate} defaults to crop: its labelled data sets
     * are FairFace-style crops.)
     */
    public static final FaceMode DEFAULT = DETECT;

    /** The names the command lines and {@code ?faces=} take: {@code detect}, {@code crop}. */
    public static final List<String> NAMES = Arrays.stream(values()).map(FaceMode::cliName).toList();

    /** {@code detect} or {@code crop}. */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The mode of a name in {@link #NAMES}; an IllegalArgumentException for any other. */
    public static FaceMode parse(String name) {
        for (FaceMode mode : values()) {
            if (mode.cliName().equals(name)) return mode;
        }
        throw new IllegalArgumentException("faces must be one of " + String.join(", ", NAMES) + ", got '" + name + "'");
    }
}
