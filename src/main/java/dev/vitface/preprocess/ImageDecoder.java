package dev.vitface.preprocess;

import dev.vitface.preprocess.webp.LibwebpYuvToRgb;
import dev.vitface.preprocess.webp.Vp8Decoder;
import dev.vitface.util.FailureText;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.IndexColorModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.FileImageInputStream;
import javax.imageio.stream.ImageInputStream;

/**
 * Decodes PNG, JPEG, GIF (first frame), BMP and WebP files to the RGB pixels Pillow produces with
 * {@code Image.open(file).convert("RGB")}: raw samples, no ICC colour management, no gamma, alpha
 * dropped without compositing (see {@link PillowRgbConversion}, {@link JpegDecoding} and, for
 * lossy WebP, {@link Vp8Decoder} and {@link LibwebpYuvToRgb}).
 *
 * <p>The dimensions are read from the header first; an image with more pixels than
 * {@code pixelLimit} is refused before any pixel memory is spent. Every failure, from a missing
 * file to corrupt data, is an {@link ImageDecodeException} naming the file. A damaged file is
 * accepted or refused as Pillow 9.4 (with {@code LOAD_TRUNCATED_IMAGES = False}) accepts or refuses
 * it ({@link PngChunks}, {@link GifFirstFrame}, {@link JpegTail}, {@link WebpContainer}), which
 * ImageDecoderMutationTest checks on bit flips, truncations and splices of the test images.
 *
 * @param pixelLimit    the most pixels (width × height) accepted
 * @param exifTranspose whether to apply the EXIF orientation as {@code ImageOps.exif_transpose}
 *                      does; off by default, as transformers does not apply it
 */
public record ImageDecoder(long pixelLimit, boolean exifTranspose) {
    /** {@code PIL.Image.MAX_IMAGE_PIXELS}: Pillow warns above it. */
    public static final long PILLOW_MAX_IMAGE_PIXELS = 89_478_485L;
    /** Pillow refuses images over twice its limit (DecompressionBombError); so does this decoder by default. */
    public static final long DEFAULT_PIXEL_LIMIT = 2 * PILLOW_MAX_IMAGE_PIXELS;

    /** The most pixels an {@link RgbImage}'s single byte array can hold. */
    private static final long MAX_RGB_PIXELS = (Integer.MAX_VALUE - 8) / 3;
    private static final Set<String> SUPPORTED = Set.of("png", "jpeg", "gif", "bmp", "webp");
    /**
     * Warnings of the JDK's JPEG decoder for data that stops before the image ends (its own, and
     * libjpeg's JWRN_JPEG_EOF). It fills in the rest and carries on; Pillow fails ("image file is
     * truncated"), and so does this decoder. Other libjpeg warnings (corrupt data) are tolerated by both.
     */
    private static final List<String> JPEG_TRUNCATION_WARNINGS = List.of("Truncated File", "Premature end of JPEG file");

    /** What replaces a marker the file ends inside after a JPEG's scan (see {@link JpegTail}). */
    private static final byte[] JPEG_EOI = {(byte) 0xFF, (byte) 0xD9};

    public ImageDecoder {
        if (pixelLimit < 1) throw new IllegalArgumentException("pixel limit must be positive, got " + pixelLimit);
    }

    public static ImageDecoder defaults() {
        return new ImageDecoder(DEFAULT_PIXEL_LIMIT, false);
    }

    public ImageDecoder withPixelLimit(long limit) {
        return new ImageDecoder(limit, exifTranspose);
    }

    public ImageDecoder withExifTranspose(boolean transpose) {
        return new ImageDecoder(pixelLimit, transpose);
    }

    public RgbImage decode(Path file) throws ImageDecodeException {
        checkReadable(file);
        return decodeOpened(file, () -> new FileImageInputStream(file.toFile()));
    }

    /**
     * An image held in memory (an upload, say), never written to disk. Messages name it by
     * {@code label}, since there is no file to name.
     */
    public RgbImage decode(byte[] data, String label) throws ImageDecodeException {
        // Every message of this decoder names its input by a Path; a label stands in for one.
        Path name = Path.of(label);
        if (data.length == 0) throw new ImageDecodeException(name, "empty (0 bytes)");
        return decodeOpened(name, () -> new ByteArrayImageInput(data));
    }

    /** How a file or a byte array becomes the stream that is decoded. */
    private interface InputOpener {
        ImageInputStream open() throws IOException;
    }

    /** Opens the input, decodes it and closes it; failing to open or close it is "cannot read". */
    private RgbImage decodeOpened(Path name, InputOpener opener) throws ImageDecodeException {
        try (ImageInputStream in = opener.open()) {
            return decode(name, in);
        } catch (ImageDecodeException e) {
            throw e;
        } catch (IOException e) {
            throw new ImageDecodeException(name, "cannot read (" + FailureText.chain(e) + ")", e);
        }
    }

    private RgbImage decode(Path file, ImageInputStream in) throws ImageDecodeException {
        String format = "image";
        try {
            ImageReader reader = chooseReader(file, in);
            format = formatName(reader);
            try {
                return decode(file, in, reader, format);
            } finally {
                reader.dispose();
            }
        } catch (ImageDecodeException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new ImageDecodeException(file, "truncated or corrupt " + format.toUpperCase(Locale.ROOT) + " data ("
                    + FailureText.chain(e) + ")", e);
        }
    }

    private RgbImage decode(Path file, ImageInputStream in, ImageReader reader, String format) throws IOException {
        // Header facts are read before the decoder takes the stream: decoders flush what they have read.
        JpegHeader jpegHeader = format.equals("jpeg") ? JpegHeader.read(in) : null;
        if (format.equals("webp")) WebpContainer.requireComplete(in);
        byte[] vp8 = format.equals("webp") ? WebpContainer.lossyBitstream(in) : null;
        Orientation orientation = exifTranspose ? ExifOrientation.find(in, format, jpegHeader) : Orientation.NORMAL;
        if (format.equals("gif")) {
            GifFirstFrame gif = GifFirstFrame.read(in);
            checkSize(file, gif.width(), gif.height());
            return orientation.apply(gif.decode(in));
        }
        PngChunks png = format.equals("png") ? PngChunks.read(in) : null;
        if (png != null) checkSize(file, png.width(), png.height());
        long jpegCut = format.equals("jpeg") ? JpegTail.cutMarker(in) : -1;
        ImageInputStream pixels = png != null ? png.decoderView(in)
                : jpegCut >= 0 ? new FilePrefixStream(in, jpegCut, JPEG_EOI)
                : in;
        reader.setInput(pixels, true, false);
        checkSize(file, reader.getWidth(0), reader.getHeight(0));
        List<String> warnings = new ArrayList<>();
        reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
        RgbImage image = switch (format) {
            case "jpeg" -> JpegDecoding.decode(reader, jpegHeader);
            case "png" -> fromBufferedImage(file, reader.read(0), PngFacts.of(reader.getImageMetadata(0)));
            // Lossy WebP is decoded as libwebp does: TwelveMonkeys' VP8 reconstruction and colour
            // conversion both differ from it. Lossless WebP stays with TwelveMonkeys, which is exact.
            case "webp" -> vp8 != null
                    ? LibwebpYuvToRgb.toRgb(Vp8Decoder.decode(vp8, 0, vp8.length))
                    : fromBufferedImage(file, reader.read(0), null);
            default -> fromBufferedImage(file, reader.read(0), null);
        };
        for (String warning : warnings) {
            if (JPEG_TRUNCATION_WARNINGS.stream().anyMatch(warning::startsWith)) {
                throw new ImageDecodeException(file, "truncated JPEG data (" + warning + ")");
            }
        }
        return orientation.apply(image);
    }

    /** Before any pixel is decoded. */
    private void checkSize(Path file, int width, int height) throws ImageDecodeException {
        long pixels = (long) width * height;
        if (pixels > pixelLimit) {
            throw new ImageDecodeException(file, width + "x" + height + " is " + pixels + " pixels, over the limit of "
                    + pixelLimit + " (a decompression bomb, or raise the limit)");
        }
        if (pixels > MAX_RGB_PIXELS) {
            throw new ImageDecodeException(file, width + "x" + height + " is too large for one Java array of RGB samples");
        }
    }

    private static RgbImage fromBufferedImage(Path file, BufferedImage decoded, PngFacts png) throws ImageDecodeException {
        ColorModel model = decoded.getColorModel();
        if (model instanceof IndexColorModel palette) {
            int entries = png != null && png.paletteEntries() >= 0 ? png.paletteEntries() : palette.getMapSize();
            return PillowRgbConversion.fromPalette(decoded.getRaster(), PillowRgbConversion.paletteLookup(palette, entries));
        }
        int colourBands = model.getNumColorComponents();
        if (colourBands != 1 && colourBands != 3) {
            throw new ImageDecodeException(file, "unsupported colour model with " + colourBands + " colour components");
        }
        PillowRgbConversion.SixteenBit sixteenBit = png != null && png.greyscale()
                ? PillowRgbConversion.SixteenBit.CLIP
                : PillowRgbConversion.SixteenBit.HIGH_BYTE;
        return PillowRgbConversion.fromComponents(decoded.getRaster(), colourBands, sixteenBit);
    }

    /**
     * The first installed reader for a supported format; for JPEG the JDK's own, whose raw rasters
     * {@link JpegDecoding} relies on, even if another JPEG plugin is registered before it.
     */
    private static ImageReader chooseReader(Path file, ImageInputStream in) throws ImageDecodeException {
        Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
        ImageReader chosen = null;
        String unsupported = null;
        while (readers.hasNext()) {
            ImageReader reader = readers.next();
            String format = formatName(reader);
            boolean usable = SUPPORTED.contains(format)
                    && (!format.equals("jpeg") || reader.getClass().getName().equals(JpegDecoding.JDK_READER_CLASS));
            if (usable && chosen == null) {
                chosen = reader;
            } else {
                if (!SUPPORTED.contains(format) && unsupported == null) unsupported = format;
                reader.dispose();
            }
        }
        if (chosen != null) return chosen;
        String kinds = "PNG, JPEG, GIF, BMP and WebP are";
        throw new ImageDecodeException(file, unsupported == null
                ? "not an image file (" + kinds + " supported)"
                : unsupported.toUpperCase(Locale.ROOT) + " images are not supported (" + kinds + ")");
    }

    private static String formatName(ImageReader reader) {
        return reader.getOriginatingProvider().getFormatNames()[0].toLowerCase(Locale.ROOT);
    }

    private static void checkReadable(Path file) throws ImageDecodeException {
        if (!Files.exists(file)) throw new ImageDecodeException(file, "no such file");
        if (!Files.isRegularFile(file)) throw new ImageDecodeException(file, "not a regular file");
        if (!Files.isReadable(file)) throw new ImageDecodeException(file, "not readable");
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            throw new ImageDecodeException(file, "cannot read its size (" + FailureText.chain(e) + ")", e);
        }
        if (size == 0) throw new ImageDecodeException(file, "empty file (0 bytes)");
    }
}
