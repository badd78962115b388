# The inputs bench/compare.sh and bench/paired.sh share, each made once: the seeded ViT-L/14
# (1.2 GB of safetensors), its ONNX export for ONNX Runtime (1.2 GB; needs /usr/bin/python3 with
# torch), and the benchmarks jar, rebuilt with the engine whenever the engine's sources are newer,
# so that ONNX Runtime is never compared with a stale engine. Sourced from the project root after
# vitface_find_jdk; defines one function.

# vitface_bench_inputs MODEL_DIR PYTHON
vitface_bench_inputs() {
    local model=$1 python=$2 jar=bench/target/benchmarks.jar
    if [ ! -f "$model/model.safetensors" ]; then
        echo "bench: writing the seeded model to $model" >&2
        bin/vitface synth --config src/test/resources/fixtures/vit-l14-seeded/config.json --out "$model" >&2
    fi
    if [ ! -f "$model/model.onnx" ] || [ "$model/model.safetensors" -nt "$model/model.onnx" ]; then
        echo "bench: exporting $model/model.onnx" >&2
        "$python" tools/export_onnx.py "$model" >&2
    fi
    if [ ! -f "$jar" ] || [ -n "$(find src/main pom.xml bench/src bench/pom.xml -newer "$jar" -type f -print -quit)" ]; then
        echo "bench: building the engine and the bench module" >&2
        local maven_opts="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
        MAVEN_OPTS=$maven_opts ./mvnw -q -B install -DskipTests >&2
        MAVEN_OPTS=$maven_opts ./mvnw -q -B -f bench/pom.xml package >&2
    fi
}
