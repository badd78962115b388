package dev.vitface.classify;

import java.util.List;
import java.util.Locale;

/** Where the faces of an input are: found by detection in a photo, or the input is one ready crop. */
public enum FaceMode {
    /** Find every face, align it as FairFace's crops were, classify each one. */
    DETECT,
    /** The whole image is one face crop, FairFace-style, classified as it is. */
    CROP;

    public static final List<String> NAMES = List.of("detect", "crop");

    public static FaceMode parse(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }
}
