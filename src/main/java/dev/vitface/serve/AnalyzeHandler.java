package dev.vitface.serve;

import com.google.gson.JsonObject;
import com.sun.net.httpserver.HttpExchange;
import dev.vitface.classify.FaceMode;
import dev.vitface.classify.FacePrediction;
import dev.vitface.classify.FaceRegion;
import dev.vitface.preprocess.ImageDecodeException;
import dev.vitface.preprocess.ImageDecoder;
import dev.vitface.preprocess.RgbImage;
import dev.vitface.util.FailureText;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Semaphore;
import java.util.function.Function;

/**
 * {@code POST /v1/analyze}: read the upload, decode it, find the faces and preprocess them on
 * the request's thread, then wait for the batcher's forward pass. Nothing of the image or the
 * predictions outlives the answer.
 */
final class AnalyzeHandler {
    /** Names the upload in decoder messages: a request never names a file the server reads. */
    private static final String UPLOAD_LABEL = "upload";

    private final ImageDecoder decoder;
    private final Function<FaceMode, FaceFinder> finders;
    private final long maxBytes;
    private final int queueCapacity;
    /** Decoded photos can be large (3 bytes a pixel): at most one per core is decoded at a time. */
    private final Semaphore decoding = new Semaphore(Runtime.getRuntime().availableProcessors());

    AnalyzeHandler(ImageDecoder decoder, Function<FaceMode, FaceFinder> finders, long maxBytes, int queueCapacity) {
        this.decoder = decoder;
        this.finders = finders;
        this.maxBytes = maxBytes;
        this.queueCapacity = queueCapacity;
    }

    JsonObject analyze(HttpExchange exchange, FaceModel model, DynamicBatcher batcher) throws IOException {
        FaceFinder finder = finders.apply(faceMode(exchange.getRequestURI().getRawQuery()));
        byte[] bytes = Upload.read(exchange.getRequestHeaders(), exchange.getRequestBody(), maxBytes);
        List<FaceRegion> regions;
        RgbImage photo;
        decoding.acquireUninterruptibly();
        try {
            photo = decoder.decode(bytes, UPLOAD_LABEL);
            regions = finder.find(photo);
        } catch (ImageDecodeException e) {
            throw new ApiException(400, FailureText.of(e));
        } finally {
            decoding.release();
        }
        if (regions.size() > queueCapacity) {
            throw new ApiException(413, regions.size() + " faces are more than the server's queue holds (" + queueCapacity + ")");
        }
        List<float[]> prepared = regions.stream().map(r -> model.prepare(r.chip())).toList();
        List<FacePrediction> predictions = new ArrayList<>(prepared.size());
        if (!prepared.isEmpty()) {
            for (CompletableFuture<FacePrediction> f : batcher.submit(prepared)) predictions.add(await(f));
        }
        return AnalysisJson.of(photo, regions, predictions, model.info());
    }

    private static FacePrediction await(CompletableFuture<FacePrediction> result) {
        try {
            return result.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            throw e;
        }
    }

    /** {@code faces} is the only query parameter; without it, {@link FaceMode#DEFAULT} (detect). */
    static FaceMode faceMode(String rawQuery) {
        FaceMode mode = FaceMode.DEFAULT;
        if (rawQuery == null || rawQuery.isEmpty()) return mode;
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) continue;
            int eq = pair.indexOf('=');
            String key = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            if (!key.equals("faces")) throw new ApiException(400, "unknown query parameter '" + key + "'; the only one is faces");
            if (!FaceMode.NAMES.contains(value)) {
                throw new ApiException(400, "faces must be detect or crop, got '" + value + "'");
            }
            mode = FaceMode.parse(value);
        }
        return mode;
    }

    private static String decode(String component) {
        try {
            return URLDecoder.decode(component, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new ApiException(400, "malformed query string");
        }
    }
}
