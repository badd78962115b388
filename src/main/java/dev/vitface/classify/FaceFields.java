package dev.vitface.classify;

import com.google.gson.JsonArray;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import dev.vitface.faces.DetectedFace;
import dev.vitface.faces.FaceBox;
import dev.vitface.faces.FaceLandmarks;
import dev.vitface.faces.Point;
import java.util.Locale;

/**
 * The JSON and CSV fields of a detected face, shared by {@code vitface faces} and
 * {@code vitface classify}: {@code face} (its number in the photo, from 0), {@code status},
 * {@code score}, {@code box} [x, y, w, h] and {@code landmarks} {name: [x, y]}. Pixels are
 * rounded to 2 decimals (a hundredth of a pixel is below what the detector resolves), scores to
 * 4; the heads' probabilities are left as computed, as they always were.
 */
public final class FaceFields {
    public static final String OK = "ok";
    public static final String NO_FACE = "no_face";
    public static final String ERROR = "error";
    /** The CSV columns after {@code file}. */
    static final String CSV_COLUMNS = "face,status,score,box_x,box_y,box_w,box_h";

    private FaceFields() {}

    public static double pixels(double v) {
        return Math.round(v * 100) / 100.0;
    }

    public static double score(double v) {
        return Math.round(v * 10_000) / 10_000.0;
    }

    /** {@code face}, {@code status: ok}, {@code score}, {@code box}, {@code landmarks}. */
    public static void addFace(JsonObject o, int face, DetectedFace d) {
        addFace(o, face, d.box(), d);
    }

    /** The keys of {@link #addFace} for a ready crop no detector looked at: score and landmarks null. */
    public static void addCrop(JsonObject o, int face, FaceBox box) {
        addFace(o, face, box, null);
    }

    private static void addFace(JsonObject o, int face, FaceBox b, DetectedFace d) {
        o.addProperty("face", face);
        o.addProperty("status", OK);
        if (d == null) o.add("score", JsonNull.INSTANCE);
        else o.addProperty("score", score(d.score()));
        JsonArray box = new JsonArray();
        for (double v : new double[] {b.x(), b.y(), b.width(), b.height()}) box.add(pixels(v));
        o.add("box", box);
        if (d == null) {
            o.add("landmarks", JsonNull.INSTANCE);
            return;
        }
        FaceLandmarks l = d.landmarks();
        JsonObject landmarks = new JsonObject();
        landmarks.add("right_eye", point(l.rightEye()));
        landmarks.add("left_eye", point(l.leftEye()));
        landmarks.add("nose_tip", point(l.noseTip()));
        landmarks.add("mouth", point(l.mouth()));
        landmarks.add("right_ear", point(l.rightEar()));
        landmarks.add("left_ear", point(l.leftEar()));
        o.add("landmarks", landmarks);
    }

    /** {@code face: null}, {@code status: no_face}. */
    public static void addNoFace(JsonObject o) {
        o.add("face", JsonNull.INSTANCE);
        o.addProperty("status", NO_FACE);
    }

    /** {@code status: error}, {@code error: message}. */
    public static void addError(JsonObject o, String message) {
        o.addProperty("status", ERROR);
        o.addProperty("error", message);
    }

    /** The CSV fields of {@link #CSV_COLUMNS} for a face. */
    static String csv(int face, DetectedFace d) {
        FaceBox b = d.box();
        return String.format(Locale.ROOT, "%d,%s,%.4f,%.2f,%.2f,%.2f,%.2f", face, OK, d.score(), b.x(), b.y(), b.width(), b.height());
    }

    /** "x,y wxh" in whole pixels, for a table cell. */
    public static String boxText(FaceBox b) {
        return String.format(Locale.ROOT, "%.0f,%.0f %.0fx%.0f", b.x(), b.y(), b.width(), b.height());
    }

    private static JsonArray point(Point p) {
        JsonArray a = new JsonArray();
        a.add(pixels(p.x()));
        a.add(pixels(p.y()));
        return a;
    }
}
