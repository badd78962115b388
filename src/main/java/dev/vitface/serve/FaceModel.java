package dev.vitface.serve;

import dev.vitface.classify.FacePrediction;
import dev.vitface.preprocess.RgbImage;
import java.util.List;

/** What the server needs of the classifier: preprocessing on request threads, one forward pass per batch. */
public interface FaceModel {
    /** Preprocesses one face chip into model input. Thread-safe; runs on a request thread. */
    float[] prepare(RgbImage chip);

    /** One forward pass over prepared faces, predictions in input order. Called by one thread at a time. */
    List<FacePrediction> classify(List<float[]> faces);

    /** Name, weights checksum, backend and precision, for every answer. */
    ModelInfo info();
}
