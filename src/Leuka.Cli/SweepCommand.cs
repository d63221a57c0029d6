using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Leuka.Formats;
using Leuka.Procedure;
using Leuka.Separation;
using Spectre.Console;

namespace Leuka.Cli;

/// <summary>
/// <c>leuka sweep SCENARIO --vary PATH=V1,V2,... [--vary ...] [--metric NAME] [--out DIR]</c>: runs
/// the grid of settings with the same simulator and writes sweep.csv (one row per point) and
/// sweep.png (the metric against the first varied input, one line per combination of the others).
/// </summary>
internal static class SweepCommand
{
    private const int MaxPoints = 400;

    // Outputs written for every point: summary.json paths.
    private static readonly string[] Outputs =
    [
        "processedVolumeL", "durationMin", "wbc.postE9PerL", "wbc.reductionPercent", "platelets.postE9PerL", "product.volumeMl",
        "product.granulocytePercentOfWbc", "collectionEfficiencyPercent.mnc.ce2", "collectionEfficiencyPercent.cd34.ce2",
        "collectionEfficiencyPercent.lymphocytes.ce2", "product.cd34PerKgE6", "product.cd3E9", "ionizedCalcium.nadirMmolPerL",
        "citrate.peakInfusionRateMgPerKgPerMin", "fluidBalanceMl",
    ];

    public static Command Create(TextWriter stdout, TextWriter stderr, IAnsiConsole console)
    {
        var scenario = new Argument<string>("scenario") { Description = "Scenario file: every point starts from it." };
        var vary = new Option<string[]>("--vary") { Description = "An input and its values, e.g. procedure.inletFlow=\"40 mL/min,60 mL/min,80 mL/min\" (repeat for a grid).", AllowMultipleArgumentsPerToken = false, Arity = ArgumentArity.OneOrMore };
        var metric = new Option<string?>("--metric") { Description = "The summary.json number plotted (default: durationMin with a target stop; else wbc.postE9PerL for a depletion, product.cd34PerKgE6 for a CD34+ collection, product.cd3E9 otherwise)." };
        var output = new Option<string?>("--out") { Description = "Directory for sweep.csv and sweep.png (default: results/<scenario name>-sweep)." };
        var command = new Command("sweep", $"Run a grid of settings (up to {MaxPoints} points) and write a CSV and an overlaid plot.")
        {
            scenario, vary, metric, output,
        };
        command.SetAction(parse => Execute(parse.GetValue(scenario)!, parse.GetValue(vary) ?? [], parse.GetValue(metric), parse.GetValue(output), stdout, stderr, console));
        return command;
    }

    private static int Execute(string path, string[] varyTexts, string? metricOption, string? outDir, TextWriter stdout, TextWriter stderr, IAnsiConsole console)
    {
        var errors = new List<string>();
        var loaded = ScenarioLoader.LoadFile(path);
        errors.AddRange(loaded.Errors.Select(e => e.ToString()));
        if (loaded.Scenario is { } s && ScenarioLoader.SingleProcedureOnly(s, "leuka sweep") is { } course)
        {
            errors.Add(course.ToString());
        }

        if (loaded.Scenario is { } t && ScenarioLoader.SeparatingOnly(t, "leuka sweep") is { } kind)
        {
            errors.Add(kind.ToString());
        }

        var axes = new List<(string Path, List<ScenarioEdit> Edits)>();
        foreach (var text in varyTexts)
        {
            var eq = text.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0 || eq == text.Length - 1)
            {
                errors.Add($"--vary: \"{text}\" is not PATH=V1,V2,...; e.g. --vary procedure.inletFlow=\"40 mL/min,80 mL/min\"");
                continue;
            }

            var name = text[..eq].Trim();
            try
            {
                axes.Add((name, [.. text[(eq + 1)..].Split(',').Select(v => ScenarioEdit.Parse(name, Value(v.Trim())))]));
            }
            catch (FormatException e)
            {
                errors.Add($"--vary: {e.Message}");
            }
        }

        if (varyTexts.Length == 0)
        {
            errors.Add("--vary: give at least one input to vary, e.g. --vary procedure.inletFlow=\"40 mL/min,80 mL/min\"");
        }

        var points = axes.Aggregate(1L, (n, a) => n * a.Edits.Count);
        if (points > MaxPoints)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"--vary: the grid has {points} points, more than {MaxPoints}; vary fewer inputs or values"));
        }

        // With a target stop every point reaches the target: what differs is how long it takes.
        var metric = metricOption ?? (loaded.Scenario?.Procedure.Stop.IsTarget() == true ? "durationMin" : loaded.Scenario?.Procedure.Kind switch
        {
            ProcedureKind.LeukocyteDepletion => "wbc.postE9PerL",
            ProcedureKind.Cd34Collection => "product.cd34PerKgE6",
            _ => "product.cd3E9",
        });
        if (!SummaryFields.Paths.Contains(metric))
        {
            errors.Add($"--metric: \"{metric}\" is not a number of summary.json; e.g. {string.Join(", ", Outputs.Take(4))}");
        }

        if (errors.Count > 0 || !loaded.IsValid)
        {
            errors.ForEach(stderr.WriteLine);
            return ExitCodes.InvalidInput;
        }

        // Every point of the grid, first axis fastest; runs share one separator cache and are
        // independent, so they run side by side and the rows come out in grid order.
        var grid = new List<ScenarioEdit[]>();
        for (var k = 0; k < points; k++)
        {
            var point = new ScenarioEdit[axes.Count];
            var index = k;
            for (var a = 0; a < axes.Count; a++)
            {
                point[a] = axes[a].Edits[(int)(index % axes[a].Edits.Count)];
                index /= axes[a].Edits.Count;
            }

            grid.Add(point);
        }

        // Every point is set up before any runs: a value this scenario cannot take (a depletion
        // protocol for a collection, a refused combination) is named and nothing is written.
        var cache = new SeparatorCache(SeparatorModel.Default);
        var engines = new ProcedureEngine[grid.Count];
        for (var i = 0; i < grid.Count; i++)
        {
            try
            {
                engines[i] = new ProcedureEngine(grid[i].Aggregate(loaded.Scenario!, (s, e) => e.Apply(s)), cache);
            }
            catch (Exception e) when (e is FormatException or ArgumentException)
            {
                stderr.WriteLine($"--vary: at {string.Join(", ", grid[i].Select(x => x.ToString()))}: {e.Message.Split(" (Parameter", 2)[0]}");
                return ExitCodes.InvalidInput;
            }
        }

        var results = new ProcedureResult[grid.Count];
        Parallel.For(0, grid.Count, i => results[i] = engines[i].RunToEnd());

        var directory = outDir ?? Path.Combine("results", Path.GetFileNameWithoutExtension(path) + "-sweep");
        Directory.CreateDirectory(directory);
        var csv = new StringBuilder();
        var columns = Outputs.Contains(metric) ? Outputs : [.. Outputs, metric];
        csv.AppendLine(string.Join(',', axes.Select(a => Quote(a.Path)).Concat(columns)));
        for (var i = 0; i < grid.Count; i++)
        {
            csv.AppendLine(string.Join(',', grid[i].Select(e => Quote(e.Text)).Concat(columns.Select(c => SummaryFields.Value(results[i], c).ToString("0.####", CultureInfo.InvariantCulture)))));
        }

        File.WriteAllText(Path.Combine(directory, "sweep.csv"), csv.ToString());
        SweepPlot.Save(axes[0].Path, axes[0].Edits, grid, results, metric, loaded.Scenario!.Name, Path.Combine(directory, "sweep.png"));

        var table = new Table().Border(TableBorder.Simple);
        foreach (var a in axes)
        {
            table.AddColumn(Markup.Escape(a.Path));
        }

        table.AddColumn(Markup.Escape(metric)).AddColumn("processed L").AddColumn("min");
        for (var i = 0; i < grid.Count; i++)
        {
            table.AddRow([.. grid[i].Select(e => Markup.Escape(e.Text)), F(SummaryFields.Value(results[i], metric)), F(results[i].ProcessedVolumeL), F(results[i].DurationMin)]);
        }

        console.Write(table);
        console.WriteLine($"Wrote {Path.Combine(directory, "sweep.csv")} and {Path.Combine(directory, "sweep.png")} ({grid.Count} simulations).");
        stdout.Flush();
        return ExitCodes.Success;
    }

    // A bare number is a number (ratios, blood volumes, age); anything else is text with its unit.
    private static JsonNode Value(string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var x) ? JsonValue.Create(x) : JsonValue.Create(text.Trim('"'));

    private static string Quote(string text) => text.Contains(',', StringComparison.Ordinal) ? "\"" + text + "\"" : text;

    private static string F(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);
}
