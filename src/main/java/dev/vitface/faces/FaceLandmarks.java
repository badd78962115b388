package dev.vitface.faces;

/**
 * BlazeFace's six key points, named from the subject's side: {@code rightEye} is the subject's
 * right eye, which is the one on the image's left in a frontal, unmirrored photo.
 */
public record FaceLandmarks(Point rightEye, Point leftEye, Point noseTip, Point mouth, Point rightEar, Point leftEar) {
}
