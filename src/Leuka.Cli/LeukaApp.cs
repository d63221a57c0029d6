using System.CommandLine;
using System.CommandLine.Help;
using Spectre.Console;

namespace Leuka.Cli;

/// <summary>The <c>leuka</c> command tree. Writers are injected so tests run it in-process.</summary>
internal static class LeukaApp
{
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr, bool outputRedirected)
    {
        var console = CreateConsole(stdout, outputRedirected);
        // Named "leuka" whatever the executable is called (usage lines read "leuka simulate ...").
        var root = new Command("leuka", "Leuka: leukapheresis simulator and procedure planner.\nScenario files and outputs: see README.md and the scenario contract (docs/reference/scenario.md).")
        {
            new HelpOption(),
            new VersionOption(),
        };
        root.Subcommands.Add(CheckCommand.Create(stdout, stderr, console));
        root.Subcommands.Add(SeparatorCommand.Create(stderr, console));
        root.Subcommands.Add(SimulateCommand.Create(stdout, stderr, console, !outputRedirected));
        root.Subcommands.Add(ValidateCommand.Create(stdout, stderr, console));
        root.Subcommands.Add(PlanCommand.Create(stdout, stderr, console));
        root.Subcommands.Add(SweepCommand.Create(stdout, stderr, console));
        root.Subcommands.Add(CohortCommand.Create(stdout, stderr, console, !outputRedirected));
        root.Subcommands.Add(ServeCommand.Create(stdout, stderr));
        root.Subcommands.Add(RecordsCommand.Records(stdout, stderr, console));
        root.Subcommands.Add(RecordsCommand.Db(stdout, stderr));
        root.Subcommands.Add(FhirCommand.Create(stdout, stderr));

        // Plain `leuka` shows what it can do.
        var parse = root.Parse(args.Length == 0 ? ["--help"] : args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors)
            {
                stderr.WriteLine($"arguments: {error.Message}; see 'leuka --help'");
            }

            return ExitCodes.InvalidInput;
        }

        try
        {
            return parse.Invoke(new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false });
        }
        catch (Exception e)
        {
            // Anything that is not an input problem is a bug: say so plainly, exit 1.
            stderr.WriteLine($"internal error: {e.GetType().Name}: {e.Message}");
            return ExitCodes.Failure;
        }
    }

    private static IAnsiConsole CreateConsole(TextWriter stdout, bool outputRedirected)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(stdout),
            Ansi = outputRedirected ? AnsiSupport.No : AnsiSupport.Detect,
            ColorSystem = outputRedirected ? ColorSystemSupport.NoColors : ColorSystemSupport.Detect,
            Interactive = outputRedirected ? InteractionSupport.No : InteractionSupport.Detect,
        });

        // Tables are as wide as COLUMNS says; piped without it, wide enough not to wrap a row.
        if (int.TryParse(Environment.GetEnvironmentVariable("COLUMNS"), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var columns) && columns is >= 40 and <= 1000)
        {
            console.Profile.Width = columns;
        }
        else if (outputRedirected)
        {
            console.Profile.Width = 200;
        }

        return console;
    }
}
