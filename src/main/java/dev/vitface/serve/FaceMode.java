package dev.vitface.serve;

import java.util.Locale;

/** How {@code POST /v1/analyze} finds the faces of a photo ({@code ?faces=detect|crop}). */
public enum FaceMode {
    /** Find every face with the detector, align each to a FairFace-style chip. */
    DETECT,
    /** The whole image is one face crop, as {@code classify} treats it. */
    CROP;

    /**
     * Used when a request names no mode. Still crop, as the API was published: switching existing
     * clients to detection is the serve maintainers' call (classify's CLI default is detect).
     */
    public static final FaceMode DEFAULT = CROP;

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** {@code detect} or {@code crop}; anything else is a 400 naming both. */
    static FaceMode parse(String value) {
        for (FaceMode mode : values()) {
            if (mode.key().equals(value)) return mode;
        }
        throw new ApiException(400, "faces must be detect or crop, got '" + value + "'");
    }
}
