package dev.vitface.preprocess;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.IndexColorModel;

/**
 * An image already in memory (a {@link BufferedImage} from the caller) to RGB as Pillow's
 * {@code convert("RGB")} would treat the same samples: raster values taken as they are, no
 * colour-space conversion, alpha dropped without compositing.
 */
public final class InMemoryImages {
    private InMemoryImages() {}

    public static RgbImage toRgb(BufferedImage image) {
        ColorModel model = image.getColorModel();
        if (model instanceof IndexColorModel palette) {
            return PillowRgbConversion.fromPalette(image.getRaster(),
                    PillowRgbConversion.paletteLookup(palette, palette.getMapSize()));
        }
        int type = model.getColorSpace().getType();
        int bands = model.getNumColorComponents();
        if (!(type == ColorSpace.TYPE_RGB && bands == 3) && !(type == ColorSpace.TYPE_GRAY && bands == 1)) {
            throw new IllegalArgumentException("unsupported in-memory image: " + bands + " colour components in colour space type "
                    + type + "; convert it to RGB or grey first");
        }
        return PillowRgbConversion.fromComponents(image.getRaster(), bands, PillowRgbConversion.SixteenBit.HIGH_BYTE);
    }
}
