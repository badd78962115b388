/**
 * Face chips framed as FairFace's training crops were: dlib's {@code get_face_chip_details} and
 * {@code extract_image_chip} (dlib 19.24, Copyright (C) Davis E. King, Boost Software License 1.0,
 * META-INF/LICENSE-dlib.txt), ported step for step and driven by BlazeFace's landmarks.
 * {@link dev.vitface.faces.align.FaceChips} is the entry point; docs/FACES.md ("Alignment") says
 * which template points BlazeFace's landmarks take and why.
 */
package dev.vitface.faces.align;
