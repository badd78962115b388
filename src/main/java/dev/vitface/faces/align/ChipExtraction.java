package dev.vitface.faces.align;

import dev.vitface.preprocess.RgbImage;

/**
 * dlib's {@code extract_image_chips} for one chip with bilinear interpolation
 * (dlib/image_transforms/interpolation.h, Copyright (C) Davis E. King, Boost Software License
 * 1.0, see META-INF/LICENSE-dlib.txt), step for step:
 * <ol>
 *   <li>a chip whose rectangle is axis-aligned and exactly chip-sized is copied, not resampled;
 *   <li>otherwise the pyramid depth is the number of {@code pyramid_down<2>} steps after which
 *       the rectangle's area still exceeds the chip's (so bilinear sampling never skips pixels);
 *   <li>the pyramid is built from the photo cropped to the rotated rectangle's bounding box,
 *       grown by {@code 2, 6, 14, …} pixels (2 per level of filter support), rounded, and
 *       clipped to the photo;
 *   <li>the chip's three corner pixels are mapped onto the rectangle's corners, carried down to
 *       that level by dlib's {@code rect_down}, and every chip pixel is sampled bilinearly there.
 * </ol>
 * dlib's Python {@code get_face_chips} runs these steps for all faces of a photo together, so
 * there the bounding box, and with it which pixels start the pyramid, is the union of all
 * faces'. Here each face is on its own: chips that need no pyramid (a chip smaller than half its
 * face region needs one) are identical either way.
 */
final class ChipExtraction {
    private ChipExtraction() {}

    static RgbImage extract(RgbImage photo, ChipPlacement placement) {
        DRect rect = placement.rect();
        double angle = placement.angle();
        int size = placement.size();
        RgbView image = RgbView.whole(photo.rgb(), photo.width(), photo.height());

        if (angle == 0 && size == rect.height() && size == rect.width()) {
            return copy(image, PixelRect.rounded(rect));
        }

        double chipArea = (double) size * size;
        int depth = pyramidDepth(placement);
        double grow = 2;
        for (int level = 0; level < depth; level++) {
            grow = grow * 2 + 2;
        }

        double cx = rect.centerX(), cy = rect.centerY(), cos = Math.cos(angle), sin = Math.sin(angle);
        DRect rotated = DRect.EMPTY;
        double[][] corners = {{rect.left(), rect.top()}, {rect.right(), rect.top()}, {rect.left(), rect.bottom()}, {rect.right(), rect.bottom()}};
        for (double[] p : corners) {
            rotated = rotated.including(cos * (p[0] - cx) - sin * (p[1] - cy) + cx, sin * (p[0] - cx) + cos * (p[1] - cy) + cy);
        }
        DRect photoRect = new DRect(0, 0, photo.width() - 1, photo.height() - 1);
        PixelRect box = PixelRect.rounded(rotated.grow(grow).intersect(photoRect));
        if (box.isEmpty()) {
            box = PixelRect.EMPTY;
        }

        // dlib chooses the level again on the rectangle relative to the box; translation
        // leaves the areas unchanged, so it is the deepest level built.
        DRect atLevel = rect.translate(-box.left(), -box.top());
        int levels = 0;
        while (levels < depth && PyramidDown2.rectDown(atLevel).area() > chipArea) {
            atLevel = PyramidDown2.rectDown(atLevel);
            levels++;
        }
        RgbView source = image.crop(box);
        for (int level = 0; level < levels; level++) {
            source = PyramidDown2.down(source);
        }

        byte[] chip = new byte[3 * size * size];
        BilinearSampler.sample(source, ChipPlacement.cornerMap(atLevel, angle, size), chip, size, size);
        return new RgbImage(size, size, chip);
    }

    /**
     * How many {@code pyramid_down<2>} levels dlib samples this chip from: the steps after which
     * the rectangle's area, by dlib's {@code rect_down}, still exceeds the chip's.
     */
    static int pyramidDepth(ChipPlacement placement) {
        double chipArea = (double) placement.size() * placement.size();
        int depth = 0;
        for (DRect r = PyramidDown2.rectDown(placement.rect()); r.area() > chipArea; r = PyramidDown2.rectDown(r)) {
            depth++;
        }
        return depth;
    }

    /** dlib's {@code basic_extract_image_chip}: the pixels under {@code location}, black outside the photo. */
    private static RgbImage copy(RgbView image, PixelRect location) {
        int w = Math.toIntExact(location.width()), h = Math.toIntExact(location.height());
        RgbImage chip = RgbImage.blank(w, h);
        for (int y = 0; y < h; y++) {
            long sy = location.top() + y;
            if (sy < 0 || sy >= image.height()) {
                continue;
            }
            for (int x = 0; x < w; x++) {
                long sx = location.left() + x;
                if (sx >= 0 && sx < image.width()) {
                    System.arraycopy(image.rgb(), (int) (sy * image.width() + sx) * 3, chip.rgb(), (y * w + x) * 3, 3);
                }
            }
        }
        return chip;
    }
}
