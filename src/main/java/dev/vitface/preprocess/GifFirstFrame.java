package dev.vitface.preprocess;

import java.io.IOException;
import javax.imageio.ImageReader;
import javax.imageio.metadata.IIOMetadata;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Where Pillow puts a GIF's first frame (GifImagePlugin, Pillow 9.4). The JDK's decoder returns
 * the frame alone; Pillow returns the logical screen, enlarged if the frame sticks out of it, with
 * the frame at its offset and every other pixel set to the frame's transparent index if it has
 * one, else to index 0 (the image starts zero-filled; the background index is not used).
 */
record GifFirstFrame(int width, int height, int left, int top, int fillIndex) {
    private static final String STREAM_FORMAT = "javax_imageio_gif_stream_1.0";
    private static final String IMAGE_FORMAT = "javax_imageio_gif_image_1.0";

    /** From the reader's metadata, before any pixel is decoded. */
    static GifFirstFrame of(ImageReader reader) throws IOException {
        int screenWidth = 0;
        int screenHeight = 0;
        IIOMetadata stream = reader.getStreamMetadata();
        if (stream != null) {
            Element screen = child(stream.getAsTree(STREAM_FORMAT), "LogicalScreenDescriptor");
            if (screen != null) {
                screenWidth = Integer.parseInt(screen.getAttribute("logicalScreenWidth"));
                screenHeight = Integer.parseInt(screen.getAttribute("logicalScreenHeight"));
            }
        }
        Node image = reader.getImageMetadata(0).getAsTree(IMAGE_FORMAT);
        Element descriptor = child(image, "ImageDescriptor");
        int left = Integer.parseInt(descriptor.getAttribute("imageLeftPosition"));
        int top = Integer.parseInt(descriptor.getAttribute("imageTopPosition"));
        int width = Math.max(screenWidth, left + Integer.parseInt(descriptor.getAttribute("imageWidth")));
        int height = Math.max(screenHeight, top + Integer.parseInt(descriptor.getAttribute("imageHeight")));
        Element control = child(image, "GraphicControlExtension");
        int fill = control != null && control.getAttribute("transparentColorFlag").equals("TRUE")
                ? Integer.parseInt(control.getAttribute("transparentColorIndex"))
                : 0;
        return new GifFirstFrame(width, height, left, top, fill);
    }

    /** The decoded frame placed on the canvas; the frame itself when it covers the canvas. The lookup has 256 entries. */
    RgbImage place(RgbImage frame, int[] paletteLookup) {
        if (left == 0 && top == 0 && frame.width() == width && frame.height() == height) return frame;
        RgbImage canvas = RgbImage.blank(width, height);
        byte[] dst = canvas.rgb();
        int fill = paletteLookup[fillIndex];
        for (int i = 0; i < dst.length; i += 3) {
            dst[i] = (byte) (fill >>> 16);
            dst[i + 1] = (byte) (fill >>> 8);
            dst[i + 2] = (byte) fill;
        }
        int rowBytes = frame.width() * 3;
        for (int y = 0; y < frame.height(); y++) {
            System.arraycopy(frame.rgb(), y * rowBytes, dst, ((top + y) * width + left) * 3, rowBytes);
        }
        return canvas;
    }

    private static Element child(Node parent, String name) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n.getNodeName().equals(name)) return (Element) n;
        }
        return null;
    }
}
