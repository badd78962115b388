package dev.vitface.faces;

/** A point in image pixels: x to the right, y down, (0, 0) the top-left corner of the top-left pixel. */
public record Point(double x, double y) {
}
