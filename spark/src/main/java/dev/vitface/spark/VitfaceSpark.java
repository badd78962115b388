package dev.vitface.spark;

import dev.vitface.cli.ExitCodes;
import dev.vitface.cli.UsageException;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.SparkSession;

/**
 * {@code vitface-spark audit ...}: in-process with {@code --master local[*]} (bin/vitface-spark),
 * or as the main class of {@code spark-submit} on a cluster. Exit codes: 0 the audit completed
 * (its error rows included), 1 the job failed, 2 usage error.
 */
public final class VitfaceSpark {
    static final String COMMAND = "audit";
    private static final Pattern LOCAL_MASTER = Pattern.compile("local\\[(\\*|\\d+)]");

    private VitfaceSpark() {}

    public static void main(String[] argv) {
        System.exit(run(Arrays.asList(argv), System.out, System.err));
    }

    static int run(List<String> argv, PrintStream out, PrintStream err) {
        if (argv.isEmpty() || argv.get(0).equals("--help") || argv.get(0).equals("-h") || argv.get(0).equals("help")) {
            (argv.isEmpty() ? err : out).println(AuditOptions.usage());
            return argv.isEmpty() ? ExitCodes.USAGE : ExitCodes.SUCCESS;
        }
        if (!argv.get(0).equals(COMMAND)) {
            err.println("vitface-spark: unknown command '" + argv.get(0) + "'; the command is '" + COMMAND + "' (see --help)");
            return ExitCodes.USAGE;
        }
        List<String> rest = argv.subList(1, argv.size());
        if (rest.contains("--help") || rest.contains("-h")) {
            out.println(AuditOptions.usage());
            return ExitCodes.SUCCESS;
        }
        AuditOptions options;
        try {
            options = AuditOptions.parse(rest);
        } catch (UsageException e) {
            err.println("vitface-spark audit: " + e.getMessage() + " (see vitface-spark audit --help)");
            return ExitCodes.USAGE;
        }
        SparkSession spark = session(options.master());
        try {
            AuditJob.run(spark, options, out);
            return ExitCodes.SUCCESS;
        } catch (Exception e) {
            err.println("vitface-spark audit: " + rootMessage(e));
            return ExitCodes.FAILURE;
        } finally {
            spark.stop();
        }
    }

    /**
     * The session: spark-submit's conf when it launched us, else {@code master} (default
     * {@code local[*]}). A local master without an explicit {@code spark.task.cpus} runs one task
     * at a time with every core it has: the engine uses the task's cores and serialises its
     * forward passes, so more concurrent tasks would only leave cores idle (docs/SPARK.md).
     */
    static SparkSession session(Optional<String> master) {
        SparkSession.Builder builder = SparkSession.builder().appName("vitface audit");
        String chosen = master.orElse(System.getProperty("spark.master"));
        if (chosen == null) chosen = "local[*]";
        builder.master(chosen);
        if (System.getProperty("spark.task.cpus") == null) localCores(chosen).ifPresent(n -> builder.config("spark.task.cpus", n));
        return builder.getOrCreate();
    }

    /** The thread count of {@code local}, {@code local[N]} or {@code local[*]}; empty for other masters. */
    static Optional<Integer> localCores(String master) {
        if (master.equals("local")) return Optional.of(1);
        Matcher m = LOCAL_MASTER.matcher(master);
        if (!m.matches()) return Optional.empty();
        return Optional.of(m.group(1).equals("*") ? Runtime.getRuntime().availableProcessors() : Integer.parseInt(m.group(1)));
    }

    /** The innermost message: Spark wraps a task's failure in layers of its own. */
    static String rootMessage(Throwable e) {
        Throwable t = e;
        String message = null;
        while (t != null) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) message = t.getMessage();
            if (t.getCause() == t) break;
            t = t.getCause();
        }
        return message != null ? message : e.getClass().getSimpleName();
    }
}
