package dev.vitface.faces;

/** An axis-aligned face box in image pixels: top-left corner, width and height. */
public record FaceBox(double x, double y, double width, double height) {
}
