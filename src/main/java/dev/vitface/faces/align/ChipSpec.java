package dev.vitface.faces.align;

/**
 * The size of a face chip and the margin around the face, as dlib's
 * {@code get_face_chip_details(det, size, padding)} takes them: a template point {@code p} in
 * [0, 1] lands at {@code (padding + p) / (2·padding + 1) · size} chip pixels.
 *
 * @param size    chip width and height in pixels, 2 to 4096
 * @param padding margin on each side, as a fraction of the template's [0, 1] frame; 0 or more
 */
public record ChipSpec(int size, double padding) {

    /** What FairFace's crops were made with: {@code dlib.get_face_chips(img, faces, size=300, padding=0.25)}. */
    public static final ChipSpec FAIRFACE = new ChipSpec(300, 0.25);

    public static final int MAX_SIZE = 4096;

    public ChipSpec {
        if (size < 2 || size > MAX_SIZE) {
            throw new IllegalArgumentException("chip size must be 2 to " + MAX_SIZE + " pixels, got " + size);
        }
        if (!(padding >= 0) || Double.isInfinite(padding)) {
            throw new IllegalArgumentException("chip padding must be a finite number of 0 or more, got " + padding);
        }
    }

    /** Where a template point (x or y in the [0, 1] frame) lands in the chip, in pixel-centre coordinates. */
    double chipCoordinate(double templateCoordinate) {
        return (padding + templateCoordinate) / (2 * padding + 1) * size;
    }
}
