package dev.vitface.cli;

import dev.vitface.util.FailureText;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.LinkedHashMap;

/** Entry point of the {@code vitface} command line. Dispatches to one {@link Command}. */
public final class Main {
    static final String RESPONSIBLE_USE = """
            Responsible use (from the model card): the model estimates how a face is *perceived*
            (age bin, gender, FairFace race group). It must not be used for surveillance or tracking,
            for decisions about people's rights, access or opportunities, or to infer anyone's
            self-identified gender, race or age. Its accuracy differs across groups: measure it
            (vitface evaluate) before relying on it for research.""";

    private static final String LOG_FORMAT = "java.util.logging.SimpleFormatter.format";

    private Main() {}

    public static void main(String[] argv) {
        // One line per log record on stderr, before java.util.logging reads the format.
        if (System.getProperty(LOG_FORMAT) == null) System.setProperty(LOG_FORMAT, "vitface: %5$s%6$s%n");
        System.exit(run(argv, System.out, System.err));
    }

    static Map<String, Command> commands() {
        Map<String, Command> commands = new LinkedHashMap<>();
        for (Command c : List.<Command>of(
                new DemoCommand(),
                new ClassifyCommand(),
                new FacesCommand(),
                new EvaluateCommand(),
                new PreprocessCommand(),
                new DownloadCommand(),
                new InspectCommand(),
                new VerifyCommand(),
                new SynthCommand(),
                new BenchCommand(),
                new ServeCommand())) {
            commands.put(c.name(), c);
        }
        return commands;
    }

    /** Runs one command line and returns its exit code; never calls {@code System.exit}. */
    public static int run(String[] argv, PrintStream out, PrintStream err) {
        return run(argv, out, err, commands());
    }

    static int run(String[] argv, PrintStream out, PrintStream err, Map<String, Command> commands) {
        if (argv.length == 0 || argv[0].equals("--help") || argv[0].equals("-h") || argv[0].equals("help")) {
            if (argv.length >= 2 && commands.containsKey(argv[1])) {
                out.println(commands.get(argv[1]).usage());
                return ExitCodes.SUCCESS;
            }
            out.println(generalHelp(commands));
            return argv.length == 0 ? ExitCodes.USAGE : ExitCodes.SUCCESS;
        }
        Command command = commands.get(argv[0]);
        if (command == null) {
            err.println("vitface: unknown command '" + argv[0] + "'. Run 'vitface --help' for the list.");
            return ExitCodes.USAGE;
        }
        List<String> rest = Arrays.asList(argv).subList(1, argv.length);
        if (rest.contains("--help") || rest.contains("-h")) {
            out.println(command.usage());
            return ExitCodes.SUCCESS;
        }
        try {
            return command.run(rest, out, err);
        } catch (UsageException e) {
            err.println("vitface " + command.name() + ": " + FailureText.of(e));
            err.println("Run 'vitface " + command.name() + " --help' for usage.");
            return ExitCodes.USAGE;
        } catch (Exception e) {
            err.println("vitface " + command.name() + ": " + FailureText.of(e));
            if (System.getenv("VITFACE_DEBUG") != null) e.printStackTrace(err);
            return ExitCodes.FAILURE;
        } catch (OutOfMemoryError e) {
            // Not an input error: the whole run stops (nothing after it would be trustworthy or
            // likely to fit), and the message says so and how to give it more room.
            err.println("vitface " + command.name() + ": out of memory (" + FailureText.of(e) + "); the run was stopped. "
                    + "Give Java more heap (e.g. VITFACE_JAVA_OPTS=-Xmx16g) or ask for less at once "
                    + "(a smaller --batch, a lower --pixel-limit)");
            if (System.getenv("VITFACE_DEBUG") != null) e.printStackTrace(err);
            return ExitCodes.FAILURE;
        }
    }

    private static String generalHelp(Map<String, Command> commands) {
        StringBuilder sb = new StringBuilder();
        sb.append("vitface: pure-Java CLIP ViT inference for clip-face-attribute-classifier\n");
        sb.append("(perceived age, gender and race of the faces in photos).\n\n");
        sb.append("Usage: vitface COMMAND [OPTIONS]   (vitface COMMAND --help for details)\n\nCommands:\n");
        for (Command c : commands.values()) {
            sb.append(String.format("  %-11s %s%n", c.name(), c.summary()));
        }
        sb.append('\n').append(RESPONSIBLE_USE).append('\n');
        sb.append("\nExit codes: 0 success, 1 runtime or input error, 2 usage error.");
        return sb.toString();
    }
}
