#!/usr/bin/env python3
"""Generates the decoder fixtures under src/test/resources/fixtures/decode/.

For every small test image NAME it writes NAME itself and NAME.decoded.png: Pillow's
Image.open(NAME).convert("RGB") saved losslessly, which is what the Java decoder must reproduce.
orientationN.* carry EXIF orientation N; their NAME.transposed.png is Pillow's exif_transpose.
Pillow writes most images; a tiny PNG/BMP writer below covers what Pillow cannot write
(16-bit colour PNGs, low bit depths, tRNS on grey/RGB, Adam7 interlacing, 16-bit BMP, GIF
frames offset on the logical screen).

JPEG chroma layouts Pillow cannot write (4:4:0, 4:1:1, ...) come from libjpeg-turbo's cjpeg.
Lossy WebPs with encoder settings Pillow does not expose (simple loop filter, sharpness, several
token partitions, one segment) come from libwebp's own encoder through ctypes: the libwebp that
Pillow links, so no other package is needed.

Run with Debian's Pillow (apt-get install python3-pil python3-numpy libjpeg-turbo-progs), the
version the project's golden fixtures were made with (9.4):  /usr/bin/python3 tools/make_decode_fixtures.py
"""
import ctypes
import io
import os
import struct
import subprocess
import sys
import zlib

import numpy as np
import PIL
from PIL import Image, ImageOps

OUT = os.path.join(os.path.dirname(__file__), "..", "src", "test", "resources", "fixtures", "decode")
ASTRONAUT = os.path.join(os.path.dirname(__file__), "..", "src", "test", "resources", "fixtures", "tiny", "astronaut.png")
W, H = 37, 23  # odd sizes: partial JPEG MCUs and chroma edges, PNG rows that do not fill whole bytes


def base_rgb(seed=7):
    """A smooth gradient plus noise, so JPEG upsampling and IDCT details show up in every pixel."""
    rng = np.random.default_rng(seed)
    y, x = np.mgrid[0:H, 0:W]
    r = 255 * x / (W - 1)
    g = 255 * y / (H - 1)
    b = 128 + 100 * np.sin(x / 3.0) * np.cos(y / 4.0)
    img = np.stack([r, g, b], axis=-1) + rng.normal(0, 18, (H, W, 3))
    return np.clip(np.round(img), 0, 255).astype(np.uint8)


def ramp16(channels, seed=11):
    rng = np.random.default_rng(seed)
    return rng.integers(0, 65536, (H, W, channels), dtype=np.uint32).astype(np.uint16)


def chunk(tag, data):
    return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data) & 0xFFFFFFFF)


def png(rows_bytes, bit_depth, colour_type, extra=()):
    """A minimal non-interlaced PNG from already packed rows (filter type 0 on every row)."""
    ihdr = struct.pack(">IIBBBBB", W, H, bit_depth, colour_type, 0, 0, 0)
    raw = b"".join(b"\x00" + r for r in rows_bytes)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + b"".join(chunk(t, d) for t, d in extra) \
        + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")


def adam7_png(rgb):
    """An 8-bit RGB PNG with Adam7 interlacing (Pillow reads it, but cannot write it)."""
    passes = ((0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2))
    raw = b""
    for x0, y0, dx, dy in passes:
        sub = rgb[y0::dy, x0::dx]
        if sub.size:
            raw += b"".join(b"\x00" + row.tobytes() for row in sub)
    ihdr = struct.pack(">IIBBBBB", W, H, 8, 2, 0, 0, 1)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")


def pack_bits(values, bits):
    """Packs one row of small integers MSB-first, as PNG does for bit depths below 8."""
    out = bytearray()
    acc, n = 0, 0
    for v in values:
        acc = (acc << bits) | int(v)
        n += bits
        if n == 8:
            out.append(acc)
            acc, n = 0, 0
    if n:
        out.append(acc << (8 - n))
    return bytes(out)


def hand_made_pngs():
    rng = np.random.default_rng(3)
    files = {}
    for bits in (1, 2, 4):
        gray = rng.integers(0, 1 << bits, (H, W))
        files[f"gray{bits}.png"] = png([pack_bits(r, bits) for r in gray], bits, 0)
        palette_size = min(1 << bits, 5)
        idx = rng.integers(0, palette_size, (H, W))
        plte = rng.integers(0, 256, palette_size * 3, dtype=np.uint8).tobytes()
        trns = bytes([0, 128][: palette_size])
        files[f"palette{bits}_trns.png"] = png([pack_bits(r, bits) for r in idx], bits, 3,
                                               [(b"PLTE", plte), (b"tRNS", trns)])
    g16 = ramp16(1)
    # Mostly small values, so Pillow's clip at 255 and the exact low values both show up.
    g16[::2] //= 256
    files["gray16.png"] = png([r.astype(">u2").tobytes() for r in g16[:, :, 0]], 16, 0)
    files["gray16_trns.png"] = png([r.astype(">u2").tobytes() for r in g16[:, :, 0]], 16, 0,
                                   [(b"tRNS", struct.pack(">H", int(g16[0, 0, 0])))])
    files["graya16.png"] = png([r.astype(">u2").tobytes() for r in ramp16(2)], 16, 4)
    files["rgb16.png"] = png([r.astype(">u2").tobytes() for r in ramp16(3)], 16, 2)
    files["rgba16.png"] = png([r.astype(">u2").tobytes() for r in ramp16(4)], 16, 6)
    rgb = base_rgb()
    files["rgb_trns.png"] = png([r.tobytes() for r in rgb], 8, 2, [(b"tRNS", struct.pack(">HHH", *rgb[0, 0]))])
    files["rgb8_adam7.png"] = adam7_png(rgb)
    gray = rgb[:, :, 0]
    files["gray_trns.png"] = png([r.tobytes() for r in gray], 8, 0, [(b"tRNS", struct.pack(">H", gray[0, 0]))])
    # gAMA 1.0 and an sRGB-unrelated cHRM: a colour-managing decoder would change every pixel.
    files["rgb_gama.png"] = png([r.tobytes() for r in rgb], 8, 2,
                                [(b"gAMA", struct.pack(">I", 100000)),
                                 (b"cHRM", struct.pack(">8I", 31270, 32900, 70000, 30000, 20000, 70000, 10000, 5000))])
    return files


def gif(screen, frame_box, indices, palette, transparent=None, background=0):
    """A one-frame GIF whose frame may be smaller than the logical screen, or stick out of it.
    The LZW data is 'uncompressed': 9-bit literal codes with a clear code every 254 codes."""
    sw, sh = screen
    x0, y0, fw, fh = frame_box
    out = bytearray(b"GIF89a" + struct.pack("<HH", sw, sh))
    out += bytes([0xF0 | 0x01, background, 0])  # global table of 4 entries
    out += bytes(palette)
    if transparent is not None:
        out += b"\x21\xf9\x04" + bytes([1]) + b"\x00\x00" + bytes([transparent]) + b"\x00"
    out += b"," + struct.pack("<HHHH", x0, y0, fw, fh) + b"\x00"
    codes = []
    for i, v in enumerate(indices):
        if i % 254 == 0:
            codes.append(256)
        codes.append(int(v))
    codes.append(257)
    acc, n, data = 0, 0, bytearray()
    for c in codes:
        acc |= c << n
        n += 9
        while n >= 8:
            data.append(acc & 0xFF)
            acc >>= 8
            n -= 8
    if n:
        data.append(acc)
    out += b"\x08"
    for i in range(0, len(data), 255):
        block = data[i:i + 255]
        out += bytes([len(block)]) + block
    out += b"\x00;"
    return bytes(out)


def offset_gifs():
    rng = np.random.default_rng(17)
    palette = [200, 10, 10, 10, 200, 10, 10, 10, 200, 250, 250, 0]
    return {
        "gif_frame_inside_screen.gif": gif((12, 9), (4, 3, 5, 4), rng.integers(0, 4, 20), palette, background=3),
        "gif_frame_inside_screen_trns.gif": gif((12, 9), (4, 3, 5, 4), rng.integers(0, 4, 20), palette, transparent=2),
        "gif_frame_beyond_screen.gif": gif((6, 5), (3, 2, 5, 4), rng.integers(0, 4, 20), palette),
    }


def cjpeg_sampled():
    """JPEGs with the chroma layouts Pillow's encoder does not offer, from libjpeg-turbo's cjpeg.
    4:4:0 (h1v2) is the one where libjpeg-turbo upsamples smoothly and IJG 6b replicates rows."""
    rgb = base_rgb(13)
    ppm = b"P6 %d %d 255\n" % (W, H) + rgb.tobytes()
    files = {}
    for sample, tag in (("1x2", "440"), ("2x2,2x1,2x1", "440_in_2x2"), ("4x1", "411"), ("4x2", "410"),
                        ("1x2,1x1,1x2", "mixed")):
        args = ["cjpeg", "-quality", "90", "-sample", sample]
        files[f"ycc{tag}.jpg"] = subprocess.run(args, input=ppm, capture_output=True, check=True).stdout
    files["ycc440_progressive.jpg"] = subprocess.run(["cjpeg", "-quality", "85", "-sample", "1x2", "-progressive"],
                                                     input=ppm, capture_output=True, check=True).stdout
    return files


def bmp565():
    """A 16-bit BI_BITFIELDS 5-6-5 BMP (Pillow reads it, but cannot write it)."""
    rgb = base_rgb(5).astype(np.uint32)
    px = ((rgb[:, :, 0] >> 3) << 11) | ((rgb[:, :, 1] >> 2) << 5) | (rgb[:, :, 2] >> 3)
    row_len = (W * 2 + 3) & ~3
    rows = b"".join(px[y].astype("<u2").tobytes().ljust(row_len, b"\0") for y in range(H - 1, -1, -1))
    header_size = 14 + 40 + 12
    info = struct.pack("<IiiHHIIiiII", 40, W, H, 1, 16, 3, len(rows), 2835, 2835, 0, 0)
    masks = struct.pack("<III", 0xF800, 0x07E0, 0x001F)
    return b"BM" + struct.pack("<IHHI", header_size + len(rows), 0, 0, header_size) + info + masks + rows


def pillow_written():
    rgb = Image.fromarray(base_rgb())
    rgba = rgb.copy()
    rgba.putalpha(Image.fromarray((np.arange(W * H) % 256).astype(np.uint8).reshape(H, W)))
    gray = rgb.convert("L")
    graya = gray.copy()
    graya.putalpha(Image.fromarray(base_rgb(9)[:, :, 1]))
    pal = rgb.quantize(colors=40)
    files = {}

    def save(name, im, **kw):
        buf = io.BytesIO()
        im.save(buf, **kw)
        files[name] = buf.getvalue()

    save("rgb8.png", rgb, format="PNG")
    save("rgba8.png", rgba, format="PNG")
    save("gray8.png", gray, format="PNG")
    save("graya8.png", graya, format="PNG")
    pal_t = pal.copy()
    pal_t.info["transparency"] = 3
    save("palette8_trns.png", pal_t, format="PNG", transparency=3)
    # An embedded ICC profile (a Lab one, which does not even match the RGB data): Pillow ignores it.
    save("rgb8_icc.png", rgb, format="PNG", icc_profile=lab_icc())

    for sub, tag in ((0, "444"), (1, "422"), (2, "420")):
        save(f"ycc{tag}.jpg", rgb, format="JPEG", quality=90, subsampling=sub)
    save("ycc420_progressive.jpg", rgb, format="JPEG", quality=85, subsampling=2, progressive=True)
    save("ycc444_progressive.jpg", rgb, format="JPEG", quality=85, subsampling=0, progressive=True)
    save("ycc420_restart.jpg", rgb, format="JPEG", quality=75, subsampling=2, restart_marker_blocks=1)
    save("gray.jpg", gray, format="JPEG", quality=90)
    cmyk = Image.fromarray(np.concatenate([base_rgb(1), base_rgb(2)[:, :, :1]], axis=-1), "CMYK")
    save("cmyk.jpg", cmyk, format="JPEG", quality=90)
    files["ycck.jpg"] = as_ycck(files["cmyk.jpg"])

    save("palette.gif", pal, format="GIF")
    save("palette_trns.gif", pal, format="GIF", transparency=5)
    save("gray.gif", gray, format="GIF")

    save("rgb24.bmp", rgb, format="BMP")
    save("rgba32.bmp", rgba, format="BMP")
    save("palette8.bmp", pal, format="BMP")
    save("bilevel1.bmp", gray.convert("1"), format="BMP")

    save("lossless.webp", rgb, format="WEBP", lossless=True)
    save("lossless_alpha.webp", rgba, format="WEBP", lossless=True)
    save("lossy.webp", rgb, format="WEBP", quality=80)
    save("lossy_alpha.webp", rgba, format="WEBP", quality=80)
    return files


class WebPConfig(ctypes.Structure):
    """libwebp 1.2.4's struct WebPConfig (src/webp/encode.h)."""
    _fields_ = [(name, ctypes.c_float if name in ("quality", "target_PSNR") else ctypes.c_int) for name in (
        "lossless", "quality", "method", "image_hint", "target_size", "target_PSNR", "segments", "sns_strength",
        "filter_strength", "filter_sharpness", "filter_type", "autofilter", "alpha_compression", "alpha_filtering",
        "alpha_quality", "pass_", "show_compressed", "preprocessing", "partitions", "partition_limit",
        "emulate_jpeg_size", "thread_level", "low_memory", "near_lossless", "exact", "use_delta_palette",
        "use_sharp_yuv", "qmin", "qmax")]


class WebPMemoryWriter(ctypes.Structure):
    _fields_ = [("mem", ctypes.POINTER(ctypes.c_uint8)), ("size", ctypes.c_size_t), ("max_size", ctypes.c_size_t),
                ("pad", ctypes.c_uint32 * 1)]


class WebPPicture(ctypes.Structure):
    """libwebp 1.2.4's struct WebPPicture; only width, height, writer and custom_ptr are set here."""
    _p = ctypes.c_void_p
    _fields_ = [("use_argb", ctypes.c_int), ("colorspace", ctypes.c_int), ("width", ctypes.c_int),
                ("height", ctypes.c_int), ("y", _p), ("u", _p), ("v", _p), ("y_stride", ctypes.c_int),
                ("uv_stride", ctypes.c_int), ("a", _p), ("a_stride", ctypes.c_int), ("pad1", ctypes.c_uint32 * 2),
                ("argb", _p), ("argb_stride", ctypes.c_int), ("pad2", ctypes.c_uint32 * 3), ("writer", _p),
                ("custom_ptr", _p), ("extra_info_type", ctypes.c_int), ("extra_info", _p), ("stats", _p),
                ("error_code", ctypes.c_int), ("progress_hook", _p), ("user_data", _p), ("pad3", ctypes.c_uint32 * 3),
                ("pad4", _p), ("pad5", _p), ("pad6", ctypes.c_uint32 * 8), ("memory_", _p), ("memory_argb_", _p),
                ("pad7", _p * 2)]


def libwebp_lossy(rgb, quality, **settings):
    """Encodes a uint8 [h, w, 3] array with libwebp's WebPEncode and the given WebPConfig fields."""
    lib = ctypes.CDLL("libwebp.so.7")
    abi = 0x020f  # WEBP_ENCODER_ABI_VERSION of libwebp 1.2.x
    config = WebPConfig()
    assert lib.WebPConfigInitInternal(ctypes.byref(config), 0, ctypes.c_float(quality), abi)
    for key, value in settings.items():
        setattr(config, key, value)
    assert lib.WebPValidateConfig(ctypes.byref(config))
    picture = WebPPicture()
    assert lib.WebPPictureInitInternal(ctypes.byref(picture), abi)
    picture.width, picture.height = rgb.shape[1], rgb.shape[0]
    assert lib.WebPPictureImportRGB(ctypes.byref(picture), rgb.tobytes(), rgb.shape[1] * 3)
    writer = WebPMemoryWriter()
    lib.WebPMemoryWriterInit(ctypes.byref(writer))
    picture.writer = ctypes.cast(lib.WebPMemoryWrite, ctypes.c_void_p)
    picture.custom_ptr = ctypes.cast(ctypes.byref(writer), ctypes.c_void_p)
    ok = lib.WebPEncode(ctypes.byref(config), ctypes.byref(picture))
    lib.WebPPictureFree(ctypes.byref(picture))
    assert ok, f"WebPEncode failed with error {picture.error_code}"
    data = ctypes.string_at(writer.mem, writer.size)
    lib.WebPMemoryWriterClear(ctypes.byref(writer))
    return data


def lossy_webps():
    """Lossy WebPs covering libwebp's decoding paths: natural content (all intra modes), sizes whose
    chroma upsampling ends on a single column or row, and the loop filter's variants."""
    photo = np.asarray(Image.open(ASTRONAUT).convert("RGB"))
    files = {}

    def pillow(name, rgb, **kw):
        buf = io.BytesIO()
        Image.fromarray(np.ascontiguousarray(rgb)).save(buf, format="WEBP", **kw)
        files[name] = buf.getvalue()

    pillow("lossy_photo.webp", photo[40:104, 180:276], quality=80)  # 96x64, the face
    pillow("lossy_1x1.webp", base_rgb()[:1, :1], quality=80)
    pillow("lossy_2x3.webp", base_rgb()[:3, :2], quality=80)
    pillow("lossy_48x17.webp", photo[300:317, 100:148], quality=80)  # even width, odd height
    pillow("lossy_17x32.webp", photo[200:232, 400:417], quality=80)  # odd width, even height
    crop = photo[120:160, 230:278]  # 48x40
    files["lossy_simple_filter.webp"] = libwebp_lossy(crop, 30, filter_type=0, filter_strength=80)
    files["lossy_sharpness.webp"] = libwebp_lossy(crop, 10, filter_sharpness=5, filter_strength=100)
    files["lossy_one_segment.webp"] = libwebp_lossy(crop, 50, segments=1)
    files["lossy_no_filter.webp"] = libwebp_lossy(crop, 80, filter_strength=0)
    # libwebp only writes several token partitions without its token buffer (low_memory).
    files["lossy_partitions.webp"] = libwebp_lossy(photo[0:80, 200:264], 80, partitions=3, low_memory=1)
    return files


def as_ycck(cmyk_jpeg):
    """Relabels a CMYK JPEG as YCCK (Adobe transform 2), so decoders run libjpeg's YCCK->CMYK step
    on its samples. Pillow cannot write YCCK; the pixels are odd, the decoding path is the point."""
    at = cmyk_jpeg.index(b"Adobe")
    assert cmyk_jpeg[at - 4:at - 2] == b"\xff\xee"
    transform = at + 11  # "Adobe", version (2 bytes), flags0 (2), flags1 (2), then the transform byte
    assert cmyk_jpeg[transform] == 0
    return cmyk_jpeg[:transform] + b"\x02" + cmyk_jpeg[transform + 1:]


def lab_icc():
    from PIL import ImageCms
    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("LAB")).tobytes()
    # The header's creation time (bytes 24-35) is pinned so that reruns write the same file.
    return profile[:24] + struct.pack(">6H", 2000, 1, 1, 0, 0, 0) + profile[36:]


def oriented():
    """EXIF orientations 1-8 in PNG (eXIf chunk), plus one JPEG (APP1) and one WebP (EXIF chunk).
    NAME.transposed.png is ImageOps.exif_transpose(image).convert("RGB")."""
    rgb = Image.fromarray(base_rgb(21))
    files = {}
    for orientation in range(1, 9):
        exif = Image.Exif()
        exif[0x0112] = orientation
        for ext, fmt, kw in (("png", "PNG", {}), ("jpg", "JPEG", {"quality": 90}), ("webp", "WEBP", {"lossless": True})):
            if ext != "png" and orientation != 6:
                continue
            buf = io.BytesIO()
            rgb.save(buf, format=fmt, exif=exif.tobytes(), **kw)
            files[f"orientation{orientation}.{ext}"] = buf.getvalue()
    return files


def main():
    os.makedirs(OUT, exist_ok=True)
    files = {**hand_made_pngs(), "rgb565.bmp": bmp565(), **offset_gifs(), **cjpeg_sampled(), **pillow_written(),
             **lossy_webps()}
    for name, data in sorted(oriented().items()):
        with open(os.path.join(OUT, name), "wb") as f:
            f.write(data)
        image = Image.open(io.BytesIO(data))
        assert image.getexif().get(0x0112) == int(name[len("orientation")])
        transposed = ImageOps.exif_transpose(image).convert("RGB")
        transposed = Image.frombytes("RGB", transposed.size, transposed.tobytes())
        transposed.save(os.path.join(OUT, name + ".transposed.png"), format="PNG")
    for name, data in sorted(files.items()):
        with open(os.path.join(OUT, name), "wb") as f:
            f.write(data)
        decoded = Image.open(io.BytesIO(data))
        mode = decoded.mode
        decoded = decoded.convert("RGB")
        # Re-wrapped so that no info (transparency, ICC profile) from the source reaches the PNG.
        decoded = Image.frombytes("RGB", decoded.size, decoded.tobytes())
        decoded.save(os.path.join(OUT, name + ".decoded.png"), format="PNG")
        print(f"{name:28s} {mode:5s} -> {decoded.size}")
    print("Pillow", PIL.__version__, file=sys.stderr)


if __name__ == "__main__":
    main()
