using System.CommandLine;
using System.Globalization;
using Leuka.Cohorts;
using Leuka.Formats;
using Leuka.Planning;
using Leuka.Procedure;
using Leuka.Scenarios;
using Spectre.Console;

namespace Leuka.Cli;

/// <summary>
/// <c>leuka simulate SCENARIO [--out DIR] [--json]</c>: runs the procedure and writes summary.json,
/// timeseries.csv and report.html (docs/reference/scenario.md §3–5).
/// </summary>
internal static class SimulateCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr, IAnsiConsole console, bool interactive)
    {
        var scenario = new Argument<string?>("scenario") { Description = "Scenario file (JSON, see the scenario contract); leave out with --plan.", Arity = ArgumentArity.ZeroOrOne };
        var plan = new Option<string?>("--plan") { Description = "Run a day of a plan written by 'leuka plan --out DIR' (DIR/plan.json) instead of a scenario." };
        var day = new Option<int>("--day") { Description = "Which day of the plan (default 1); the days before it are run first, since a later day starts from the patient they leave.", DefaultValueFactory = _ => 1 };
        var output = new Option<string?>("--out") { Description = "Directory for summary.json, timeseries.csv and report.html (default: results/<scenario name>)." };
        var json = new Option<bool>("--json") { Description = "Print summary.json on stdout instead of the table." };
        var intervals = new Option<bool>("--intervals") { Description = "Also predict each main figure for 400 patients like this one (their random effects drawn from the priors): median and 5–95 % range, printed, written to intervals.json, and drawn as bands on report.html's plots (a few seconds more)." };
        var command = new Command("simulate", "Run the procedure minute by minute and write the summary, the time series and a report.")
        {
            scenario, output, json, plan, day, intervals,
        };
        command.SetAction(parse => Execute(parse.GetValue(scenario), parse.GetValue(plan), parse.GetValue(day), parse.GetValue(output), parse.GetValue(json), parse.GetValue(intervals), stdout, stderr, console, interactive));
        return command;
    }

    private static int Execute(string? path, string? planPath, int day, string? outDir, bool json, bool intervals, TextWriter stdout, TextWriter stderr, IAnsiConsole console, bool interactive)
    {
        if ((path is null) == (planPath is null))
        {
            stderr.WriteLine("arguments: give either a scenario file or --plan plan.json; see 'leuka simulate --help'");
            return ExitCodes.InvalidInput;
        }

        ScenarioLoadResult loaded;
        CarriedPatient? carried = null;
        CourseSettings? between = null;
        if (planPath is not null)
        {
            try
            {
                var days = PlanJson.DayScenarios(File.ReadAllText(planPath), day);
                loaded = ScenarioLoader.Load(days[^1]);

                // A later day starts from the patient the plan's earlier days leave, as the plan
                // predicted it (docs/model/courses.md): those days are run first.
                var earlier = days.Take(days.Count - 1).Select(ScenarioLoader.Load).ToList();
                if (earlier.FirstOrDefault(e => !e.IsValid) is { } bad)
                {
                    stderr.WriteLine($"--plan: day {earlier.IndexOf(bad) + 1} of the plan is not a valid scenario: {string.Join("; ", bad.Errors)}");
                    return ExitCodes.InvalidInput;
                }

                between = loaded.Scenario?.Course;
                carried = loaded.IsValid ? CourseRunner.CarryThrough(earlier.Select(e => e.Scenario! with { Course = null }), between: between) : null;
            }
            catch (ArgumentOutOfRangeException e)
            {
                stderr.WriteLine($"--day: {day} is out of range; {e.Message.Split(" (Parameter", 2)[0]}");
                return ExitCodes.InvalidInput;
            }
            catch (Exception e) when (e is FormatException or IOException or UnauthorizedAccessException)
            {
                stderr.WriteLine($"--plan: {e.Message}");
                return ExitCodes.InvalidInput;
            }

            // Results go to results/<the plan's folder>-day-N: days and plans do not overwrite each other.
            var planDir = Path.GetDirectoryName(Path.GetFullPath(planPath)) ?? ".";
            path = Path.Combine(planDir, string.Create(CultureInfo.InvariantCulture, $"{Path.GetFileName(planDir)}-day-{day}.json"));
        }
        else
        {
            loaded = ScenarioLoader.LoadFile(path!);
        }

        if (!loaded.IsValid || loaded.Scenario is not { } scenario)
        {
            foreach (var error in loaded.Errors)
            {
                stderr.WriteLine(error.ToString());
            }

            return ExitCodes.InvalidInput;
        }

        if (ScenarioLoader.CourseRepeatsTarget(scenario) is { } repeats)
        {
            stderr.WriteLine(repeats.ToString());
            return ExitCodes.InvalidInput;
        }

        if (between is not null)
        {
            // A plan's day: what happened between the days is the plan's, not a course to run.
            scenario = scenario with { Course = null };
        }

        // The output directory is taken (checked writable, locked) before the run, not after it.
        var (output, problem) = OutputSet.Open(outDir ?? Path.Combine("results", Path.GetFileNameWithoutExtension(path!)));
        if (output is null)
        {
            stderr.WriteLine($"--out: {problem}");
            return ExitCodes.InvalidInput;
        }

        using var _ = output;
        var directory = outDir ?? Path.Combine("results", Path.GetFileNameWithoutExtension(path!));
        if (scenario.Days > 1)
        {
            if (intervals && !json)
            {
                console.WriteLine("No intervals for a course: patients like this one are predicted one procedure at a time (simulate a day's scenario, or 'leuka plan', for its intervals).");
            }

            return Course(scenario, loaded, output, directory, console, stdout, json);
        }

        var engine = new ProcedureEngine(scenario, inputWarnings: loaded.Warnings, carried: carried);
        if (interactive && !json)
        {
            console.Progress()
                .AutoClear(true)
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
                .Start(context =>
                {
                    var task = context.AddTask("simulating", maxValue: 1);
                    while (!engine.IsFinished)
                    {
                        engine.Step();
                        task.Value = engine.Progress;
                        task.Description = string.Create(CultureInfo.InvariantCulture, $"{SummaryJson.PhaseWord(engine.Current.Phase)} {engine.Time.Minutes:0} min");
                    }

                    task.Value = 1;
                });
        }

        var result = engine.RunToEnd();
        var summary = SummaryJson.Write(result);
        // Intervals from the priors describe patients like this one; a scenario that fixes the
        // patient's own random effects (a calibrated patient) has its interval from the calibration.
        var likeThis = intervals && scenario.Patient.Variation is null && carried is null ? PredictionIntervals.RunWithBands(scenario).LikeThis : null;
        var predicted = likeThis?.Intervals;
        List<(string, string)> files = [("summary.json", summary), ("timeseries.csv", TimeSeriesCsv.Write(engine.Rows)), ("report.html", ReportHtml.Write(scenario, result, engine.Rows, likeThis: likeThis))];
        if (predicted is not null)
        {
            files.Add(("intervals.json", IntervalsJson.Write(likeThis!)));
        }

        output.Write([.. files]);
        var reportPath = Path.Combine(directory, "report.html");

        if (json)
        {
            stdout.Write(summary);
            return ExitCodes.Success;
        }

        SimulateText.Write(console, loaded.Scenario!, result);
        if (predicted is not null)
        {
            SimulateText.Intervals(console, predicted);
        }
        else if (intervals && carried is not null)
        {
            console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"No intervals for day {day} of a plan: patients like this one are predicted from their first day ('leuka plan --probability' gives the plan's chance of reaching its goal)."));
        }
        else if (intervals)
        {
            console.WriteLine("No interval from the priors: this scenario fixes the patient's own random effects (patient.variation); 'leuka records calibrate' gives a calibrated patient's interval.");
        }

        console.WriteLine($"Wrote {Path.Combine(directory, "summary.json")}, {Path.Combine(directory, "timeseries.csv")}{(predicted is null ? "" : ", " + Path.Combine(directory, "intervals.json"))} and {reportPath}");
        return ExitCodes.Success;
    }

    // A course: every day run, the first day's time series in timeseries.csv and each later day's
    // in timeseries-dayN.csv, the summary and report with the course's table.
    private static int Course(Scenario scenario, ScenarioLoadResult loaded, OutputSet output, string directory, IAnsiConsole console, TextWriter stdout, bool json)
    {
        var course = CourseRunner.Run(scenario, inputWarnings: loaded.Warnings);
        var first = course.Days[0];
        var summary = SummaryJson.Write(course);
        var files = new List<(string, string)> { ("summary.json", summary), ("timeseries.csv", TimeSeriesCsv.Write(first.Rows)), ("report.html", ReportHtml.Write(scenario, first.Result, first.Rows, course)) };
        files.AddRange(course.Days.Skip(1).Select(d => (string.Create(CultureInfo.InvariantCulture, $"timeseries-day{d.Day}.csv"), TimeSeriesCsv.Write(d.Rows))));
        output.Write(files);
        if (json)
        {
            stdout.Write(summary);
            return ExitCodes.Success;
        }

        SimulateText.Write(console, scenario, first.Result);
        SimulateText.Course(console, course);
        console.WriteLine($"Wrote {Path.Combine(directory, "summary.json")}, {Path.Combine(directory, "timeseries.csv")} (day 1; later days in timeseries-dayN.csv) and {Path.Combine(directory, "report.html")}");
        return ExitCodes.Success;
    }
}

/// <summary>The terminal summary of a run.</summary>
internal static class SimulateText
{
    /// <summary>The prediction intervals' table.</summary>
    public static void Intervals(IAnsiConsole console, IReadOnlyList<PredictionInterval> intervals)
    {
        console.MarkupLine($"[bold]For patients like this one[/] ({PredictionIntervals.Draws} with their random effects drawn from the priors; median and 5–95 %):");
        var table = new Table().Border(TableBorder.Simple).AddColumn("").AddColumn(new TableColumn("median").RightAligned()).AddColumn(new TableColumn("5–95 %").RightAligned());
        foreach (var i in intervals.Where(i => i.High != 0 || i.Low != 0))
        {
            var format = i.Output.Contains("Probability", StringComparison.Ordinal) || i.Output.Contains("Mmol", StringComparison.Ordinal) ? "0.00" : i.Output.Contains("cd3", StringComparison.OrdinalIgnoreCase) || i.Output.Contains("cd34", StringComparison.OrdinalIgnoreCase) ? "0.##" : "0.#";
            table.AddRow(i.Output, i.Median.ToString(format, CultureInfo.InvariantCulture), i.Low.ToString(format, CultureInfo.InvariantCulture) + "–" + i.High.ToString(format, CultureInfo.InvariantCulture));
        }

        console.Write(table);
    }

    /// <summary>The course's table: each day's counts, and the whole course.</summary>
    public static void Course(IAnsiConsole console, CourseResult course)
    {
        console.MarkupLine(F($"[bold]Course[/]: {course.Days.Count} procedures on consecutive days; WBC {course.Days[0].Result.Wbc.Pre:0.#} → {course.Days[^1].Result.Wbc.Post:0.#} ×10^9/L ({Change(course.WbcReductionPercent)}), platelets {Change(course.PlateletReductionPercent)}."));
        var table = new Table().Border(TableBorder.Simple).AddColumn(new TableColumn("day").RightAligned()).AddColumn(new TableColumn("WBC before").RightAligned()).AddColumn(new TableColumn("after").RightAligned())
            .AddColumn(new TableColumn("change").RightAligned()).AddColumn(new TableColumn("processed L").RightAligned()).AddColumn(new TableColumn("min").RightAligned()).AddColumn(new TableColumn("platelets after").RightAligned());
        var cd34 = course.ShowsCd34;
        if (cd34)
        {
            table.AddColumn(new TableColumn("CD34+ /µL before").RightAligned()).AddColumn(new TableColumn("product CD34+ ×10^6/kg").RightAligned());
        }

        foreach (var d in course.Days)
        {
            var r = d.Result;
            string[] cells = [F($"{d.Day}"), F($"{r.Wbc.Pre:0.#}"), F($"{r.Wbc.Post:0.#}"), Change(r.Wbc.ReductionPercent), F($"{r.ProcessedVolumeL:0.00}"), F($"{r.DurationMin:0}"), F($"{r.Platelets.Post:0}")];
            table.AddRow(cd34 ? [.. cells, F($"{r.Cd34PerMicroliter.Pre:0.#}"), F($"{r.Product.Cd34PerKgE6:0.##}")] : cells);
        }

        console.Write(table);
    }

    public static void Write(IAnsiConsole console, Scenario scenario, ProcedureResult r)
    {
        console.MarkupLine($"[bold]{Markup.Escape(r.Name)}[/]");
        console.WriteLine(F($"{ScenarioWords.Of(r.Kind)}: {r.ProcessedVolumeL:0.00} L whole blood processed ({r.BloodVolumesProcessed:0.00} blood volumes) in {r.DurationMin:0} min; stopped: {r.StopReason}."));
        var table = new Table().Border(TableBorder.Simple).AddColumn("").AddColumn(new TableColumn("before").RightAligned()).AddColumn(new TableColumn("after").RightAligned()).AddColumn(new TableColumn("change").RightAligned());
        table.AddRow("WBC ×10^9/L", F($"{r.Wbc.Pre:0.#}"), F($"{r.Wbc.Post:0.#}"), Change(r.Wbc.ReductionPercent));
        table.AddRow("Platelets ×10^9/L", F($"{r.Platelets.Pre:0}"), F($"{r.Platelets.Post:0}"), Change(r.Platelets.ReductionPercent));
        table.AddRow("Hematocrit %", F($"{r.Hematocrit.PrePercent:0.#}"), F($"{r.Hematocrit.PostPercent:0.#}"), "");
        table.AddRow("Ionized Ca mmol/L", F($"{r.IonizedCalcium.BaselineMmolPerL:0.00}"), F($"{r.IonizedCalcium.EndMmolPerL:0.00}"), F($"nadir {r.IonizedCalcium.NadirMmolPerL:0.00} at {r.IonizedCalcium.NadirAtMin:0} min"));
        console.Write(table);
        var p = r.Product;
        // Only what was measured: a CD34+ or CD3+ figure without a blood count would be a guess.
        var labs = scenario.Patient.Labs;
        var cd34 = labs.Cd34 is not null;
        var cd3 = labs.Cd3 is not null || ProductFigures.Cd3Matters(scenario.Procedure);
        console.WriteLine(F($"Product: {p.VolumeMl:0} mL, Hct {p.HematocritPercent:0.#} %, WBC {p.WbcE9:0.#} ×10^9 ({p.GranulocytePercentOfWbc:0} % granulocytes)")
            + (cd34 ? F($", CD34+ {p.Cd34PerKgE6:0.##} ×10^6/kg ({p.Cd34E6:0} ×10^6)") : "")
            + (cd3 ? F($", CD3+ {p.Cd3E9:0.##} ×10^9") + (labs.Cd3 is null ? " (CD3+ share assumed)" : "") : "")
            + F($", platelets {p.PlateletsE9:0} ×10^9."));
        console.WriteLine(F($"Collection efficiency CE2: WBC {r.CollectionEfficiency.Wbc.Ce2:0} %, MNC {r.CollectionEfficiency.Mnc.Ce2:0} %, ") + (cd34 ? F($"CD34+ {r.CollectionEfficiency.Cd34.Ce2:0} %, ") : "") + F($"lymphocytes {r.CollectionEfficiency.Lymphocytes.Ce2:0} %."));
        console.WriteLine(F($"AC {r.Citrate.AcVolumeMl:0} mL; peak citrate {r.Citrate.PeakInfusionRateMgPerKgPerMin:0.00} mg/kg/min; extracorporeal peak {r.Extracorporeal.PeakMl:0} mL ({r.Extracorporeal.PeakPercentOfTbv:0.#} % of TBV); fluid balance {r.FluidBalanceMl:+0;−0} mL ({r.SampledMl:0} mL of blood drawn for samples)."));
        if (r.Heparin is { } h)
        {
            console.WriteLine(F($"Heparin {h.ToPatientUnits:0} IU to the patient ({h.UnitsPerKgPerHour:0.#} IU/kg/h with the AC{(h.BolusUnits > 0 ? F($", bolus {h.BolusUnits:0} IU") : "")}); anti-Xa up to {h.PeakAntiXa:0.00}, end {h.EndAntiXa:0.00} IU/mL, below {Leuka.Physiology.HeparinKinetics.ClearedIuPerMl:0.0} {(h.MinutesToClear > 0 ? F($"about {h.MinutesToClear:0} min after the end") : "at the end")}."));
        }

        foreach (var a in r.Alarms)
        {
            console.MarkupLine(F($"[yellow]alarm[/] {a.AtMinutes:0.#} min {Markup.Escape(a.Code)} ({a.Severity.ToString().ToLowerInvariant()}): {Markup.Escape(a.Message)}"));
        }

        foreach (var w in r.Warnings)
        {
            console.MarkupLine($"[yellow]warning[/] {Markup.Escape(w.Code)}: {Markup.Escape(w.Message)}");
        }
    }

    // A fall is "−56.4 %", a rise "+7.9 %".
    internal static string Change(double reductionPercent) => (-reductionPercent).ToString("+0.#;−0.#;0", CultureInfo.InvariantCulture) + " %";

    private static string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
