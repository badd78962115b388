package dev.vitface.cli;

import dev.vitface.backend.Precision;
import dev.vitface.engine.BackendKind;
import dev.vitface.engine.EngineOptions;

/**
 * The engine options every model-running command takes: --backend, --precision, --threads and
 * the --strict-precision flag (each command declares them in its own option sets).
 */
final class CommonOptions {
    private CommonOptions() {}

    static EngineOptions engine(Args args) {
        return new EngineOptions(BackendKind.parse(args.choice("backend", "auto", BackendKind.NAMES)),
                Precision.parse(args.choice("precision", "fp32", Precision.NAMES)),
                args.intValue("threads", Runtime.getRuntime().availableProcessors(), 1, 1024),
                args.flag("strict-precision"));
    }
}
