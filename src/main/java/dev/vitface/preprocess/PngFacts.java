package dev.vitface.preprocess;

import javax.imageio.metadata.IIOMetadata;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * What the JDK's PNG decoder hides but Pillow's conversion depends on, from its metadata tree
 * ({@code javax_imageio_png_1.0}).
 *
 * @param greyscale      colour type 0 (grey without an alpha channel; a tRNS chunk does not count)
 * @param paletteEntries the number of PLTE entries, or -1 without a PLTE chunk; the decoder pads its
 *                       palette, Pillow does not
 */
record PngFacts(boolean greyscale, int paletteEntries) {
    private static final String FORMAT = "javax_imageio_png_1.0";

    static PngFacts of(IIOMetadata metadata) {
        Node root = metadata.getAsTree(FORMAT);
        boolean greyscale = false;
        int paletteEntries = -1;
        for (Node child = root.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child.getNodeName().equals("IHDR")) {
                greyscale = ((Element) child).getAttribute("colorType").equals("Grayscale");
            } else if (child.getNodeName().equals("PLTE")) {
                paletteEntries = child.getChildNodes().getLength();
            }
        }
        return new PngFacts(greyscale, paletteEntries);
    }
}
