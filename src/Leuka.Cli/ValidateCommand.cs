using System.CommandLine;
using Leuka.Validation;
using Spectre.Console;

namespace Leuka.Cli;

/// <summary>
/// <c>leuka validate [--out DIR]</c>: runs every published case in data/validation and prints one row
/// per expected output and a totals line.
/// </summary>
internal static class ValidateCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr, IAnsiConsole console)
    {
        var output = new Option<string?>("--out") { Description = "Write validation.md and validation.csv to this directory." };
        var cases = new Option<string>("--cases") { Description = "Directory of case files.", DefaultValueFactory = _ => Path.Combine("data", "validation") };
        var cohort = new Option<int?>("--cohort-size") { Description = "Virtual patients per aggregate case (default: each case's, 200)." };
        var update = new Option<bool>("--update-baseline") { Description = "Record the current bands as the ratchet baseline (data/validation/_baseline.json): only on purpose, when a band improved." };
        var calibrate = new Option<string?>("--calibrate") { Description = "Fit a model on its calibrating cases with the full engine and print the coefficients instead of validating: citrate-reactions (docs/model/citrate-calcium.md)." };
        calibrate.AcceptOnlyFromAmong("citrate-reactions");
        var command = new Command("validate", "Run the published validation cases and compare, output by output.")
        {
            output, cases, cohort, update, calibrate,
        };
        command.SetAction(parse => parse.GetValue(calibrate) is not null
            ? (parse.GetValue(output) is not null || parse.GetValue(update) || parse.GetValue(cohort) is not null
                ? Refuse(stderr, "--calibrate runs on its own: it prints the fitted coefficients; leave out --out, --update-baseline and --cohort-size")
                : Calibrate(parse.GetValue(cases)!, stdout, stderr))
            : Execute(parse.GetValue(output), parse.GetValue(cases)!, parse.GetValue(cohort), parse.GetValue(update), stdout, stderr, console));
        return command;
    }

    private static int Refuse(TextWriter stderr, string message)
    {
        stderr.WriteLine(message);
        return ExitCodes.InvalidInput;
    }

    // The citrate-reaction model, fitted on its cases' simulated procedures.
    private static int Calibrate(string casesDir, TextWriter stdout, TextWriter stderr)
    {
        if (!Directory.Exists(casesDir))
        {
            stderr.WriteLine($"--cases: the directory \"{casesDir}\" does not exist; run from the repository root or give --cases DIR");
            return ExitCodes.InvalidInput;
        }

        IReadOnlyList<ReactionTarget> targets;
        try
        {
            targets = ReactionRiskFit.Targets(ValidationCase.LoadDirectory(casesDir), new ValidationRunner());
        }
        catch (FormatException e)
        {
            stderr.WriteLine($"--cases: {e.Message}");
            return ExitCodes.InvalidInput;
        }

        if (targets.Count < 3)
        {
            stderr.WriteLine($"--calibrate citrate-reactions: needs the cases {string.Join(" and ", ReactionRiskFit.Cases)} in \"{casesDir}\" ({targets.Count} figures found, 3 needed)");
            return ExitCodes.InvalidInput;
        }

        stdout.WriteLine(ReactionRiskFit.Table(ReactionRiskFit.Fit(targets)));
        return ExitCodes.Success;
    }

    private static int Execute(string? outDir, string casesDir, int? cohortSize, bool updateBaseline, TextWriter stdout, TextWriter stderr, IAnsiConsole console)
    {
        if (cohortSize is < 2 or > 5000)
        {
            stderr.WriteLine($"--cohort-size: {cohortSize} is out of range; give 2 to 5000 virtual patients");
            return ExitCodes.InvalidInput;
        }

        if (!Directory.Exists(casesDir))
        {
            stderr.WriteLine($"--cases: the directory \"{casesDir}\" does not exist; run from the repository root or give --cases DIR");
            return ExitCodes.InvalidInput;
        }

        IReadOnlyList<ValidationCase> loaded;
        try
        {
            loaded = ValidationCase.LoadDirectory(casesDir);
        }
        catch (FormatException e)
        {
            stderr.WriteLine($"--cases: {e.Message}");
            return ExitCodes.InvalidInput;
        }

        // A line per case as it finishes, so a redirected run shows progress (cases run side by side).
        var done = 0;
        var gate = new Lock();
        var report = new ValidationRunner().Run(loaded, cohortSize, c =>
        {
            lock (gate)
            {
                done++;
                stderr.WriteLine($"validated {c.Id} ({done}/{loaded.Count})");
            }
        });
        var table = new Table().Border(TableBorder.Simple)
            .AddColumn("case").AddColumn("output").AddColumn("published").AddColumn("simulated").AddColumn("deviation").AddColumn("band");
        foreach (var r in report.Rows)
        {
            var colour = r.Band switch { Band.Green => "green", Band.Yellow => "yellow", Band.Red => "red", _ => "grey" };
            table.AddRow(Markup.Escape(r.CaseId), Markup.Escape(r.Output), Markup.Escape(r.Published), Markup.Escape(r.Simulated), Markup.Escape(r.Deviation), $"[{colour}]{ValidationWriters.Word(r.Band)}[/]");
        }

        console.Write(table);
        foreach (var r in report.Rows.Where(r => r.Band == Band.NotRunnable).DistinctBy(r => r.CaseId + r.Note))
        {
            console.WriteLine($"not runnable: {r.CaseId}: {r.Note}");
        }

        if (outDir is not null)
        {
            Directory.CreateDirectory(outDir);
            File.WriteAllText(Path.Combine(outDir, "validation.md"), ValidationWriters.Markdown(report, loaded, cohortSize));
            File.WriteAllText(Path.Combine(outDir, "validation.csv"), ValidationWriters.Csv(report));
            console.WriteLine($"Wrote {Path.Combine(outDir, "validation.md")} and {Path.Combine(outDir, "validation.csv")}");
        }

        if (updateBaseline)
        {
            File.WriteAllText(Path.Combine(casesDir, "_baseline.json"), ValidationWriters.Baseline(report));
            console.WriteLine($"Recorded the bands in {Path.Combine(casesDir, "_baseline.json")}");
        }

        // The totals line is always the last line.
        stdout.Flush();
        console.WriteLine(report.Totals);
        return ExitCodes.Success;
    }
}
