// Reference face chips from dlib itself, for vitface's port of dlib's chip geometry
// (dev.vitface.faces.align). Built and run by tools/make_align_fixtures.py; see tools/README.md.
//
//   dlib_chips IMAGE.ppm OUT_DIR [SHAPE_PREDICTOR.dat] < cases.txt
//
// Each line of cases.txt is one of
//   pts   NAME SIZE PADDING N  tx ty ix iy  (N times)   template points in [0,1], image points
//   face5 NAME SIZE PADDING    ix iy (5 times)           dlib's own get_face_chip_details, 5 parts
//   pyr   NAME                                          pyramid_down<2> of the whole image
//   landmarks                                           HOG detector + the 68-point predictor
// Image points are in dlib's pixel-centre coordinates. "pts" places the template points exactly as
// get_face_chip_details does, (padding + p) / (2*padding + 1) * size, then calls dlib's
// chip_details(chip_points, image_points, dims) and extract_image_chip. Every chip is written to
// OUT_DIR/NAME.ppm and one line "NAME left top right bottom angle rows cols" goes to stdout.
#include <dlib/image_transforms.h>
#include <dlib/image_processing.h>
#include <dlib/image_processing/frontal_face_detector.h>
#include <cstdio>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

using namespace dlib;

static void read_ppm(const std::string& path, array2d<rgb_pixel>& img) {
    FILE* f = std::fopen(path.c_str(), "rb");
    long w, h, maxval;
    if (!f || std::fscanf(f, "P6 %ld %ld %ld", &w, &h, &maxval) != 3 || maxval != 255 || std::fgetc(f) == EOF)
        throw std::runtime_error("not an 8-bit binary PPM: " + path);
    img.set_size(h, w);
    for (long r = 0; r < h; ++r)
        for (long c = 0; c < w; ++c) {
            unsigned char b[3];
            if (std::fread(b, 1, 3, f) != 3) throw std::runtime_error("truncated PPM: " + path);
            img[r][c] = rgb_pixel(b[0], b[1], b[2]);
        }
    std::fclose(f);
}

static void write_ppm(const std::string& path, const array2d<rgb_pixel>& img) {
    FILE* f = std::fopen(path.c_str(), "wb");
    if (!f) throw std::runtime_error("cannot write " + path);
    std::fprintf(f, "P6\n%ld %ld\n255\n", img.nc(), img.nr());
    for (long r = 0; r < img.nr(); ++r)
        for (long c = 0; c < img.nc(); ++c) {
            const rgb_pixel& p = img[r][c];
            unsigned char b[3] = {p.red, p.green, p.blue};
            std::fwrite(b, 1, 3, f);
        }
    std::fclose(f);
}

static void report(const std::string& name, const chip_details& d) {
    std::printf("%s %.17g %.17g %.17g %.17g %.17g %lu %lu\n", name.c_str(), d.rect.left(), d.rect.top(),
                d.rect.right(), d.rect.bottom(), d.angle, d.rows, d.cols);
}

int main(int argc, char** argv) {
    if (argc < 3) {
        std::cerr << "usage: dlib_chips IMAGE.ppm OUT_DIR [SHAPE_PREDICTOR.dat] < cases.txt\n";
        return 2;
    }
    array2d<rgb_pixel> img;
    read_ppm(argv[1], img);
    const std::string out = argv[2];
    std::string line;
    while (std::getline(std::cin, line)) {
        std::istringstream in(line);
        std::string kind, name;
        in >> kind;
        if (kind.empty()) continue;
        if (kind == "landmarks") {
            if (argc < 4) throw std::runtime_error("landmarks needs a shape predictor file");
            frontal_face_detector detector = get_frontal_face_detector();
            shape_predictor sp;
            deserialize(argv[3]) >> sp;
            for (const rectangle& box : detector(img)) {
                full_object_detection shape = sp(img, box);
                std::printf("face");
                for (unsigned long i = 0; i < shape.num_parts(); ++i)
                    std::printf(" %ld %ld", shape.part(i).x(), shape.part(i).y());
                std::printf("\n");
            }
            continue;
        }
        in >> name;
        if (kind == "pyr") {
            array2d<rgb_pixel> down;
            pyramid_down<2> pyr;
            pyr(img, down);
            write_ppm(out + "/" + name + ".ppm", down);
            std::printf("%s %ld %ld\n", name.c_str(), down.nc(), down.nr());
            continue;
        }
        unsigned long size;
        double padding;
        in >> size >> padding;
        chip_details details;
        if (kind == "pts") {
            int n;
            in >> n;
            std::vector<dpoint> from, to;
            for (int i = 0; i < n; ++i) {
                dpoint t, p;
                in >> t.x() >> t.y() >> p.x() >> p.y();
                t = (padding + t) / (2 * padding + 1);
                from.push_back(t * size);
                to.push_back(p);
            }
            details = chip_details(from, to, chip_dims(size, size));
        } else if (kind == "face5") {
            std::vector<point> parts;  // dlib 19.24's landmarks are whole pixels
            for (int i = 0; i < 5; ++i) {
                long x, y;
                in >> x >> y;
                parts.push_back(point(x, y));
            }
            details = get_face_chip_details(full_object_detection(rectangle(), parts), size, padding);
        } else {
            throw std::runtime_error("unknown case kind: " + kind);
        }
        array2d<rgb_pixel> chip;
        extract_image_chip(img, details, chip);
        write_ppm(out + "/" + name + ".ppm", chip);
        report(name, details);
    }
    return 0;
}
