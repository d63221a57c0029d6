using System.CommandLine;
using System.Globalization;
using Leuka.Cohorts;
using Leuka.Formats;
using Leuka.Planning;
using Leuka.Procedure;
using Leuka.Scenarios;
using Spectre.Console;

namespace Leuka.Cli;

/// <summary><c>leuka plan SCENARIO [--out DIR]</c>: settings, volume and days that reach the stop target safely.</summary>
internal static class PlanCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr, IAnsiConsole console)
    {
        var scenario = new Argument<string>("scenario") { Description = "Scenario file: its stop is the goal." };
        var output = new Option<string?>("--out") { Description = "Write plan.json to this directory." };
        var days = new Option<int>("--max-days") { Description = "Most consecutive daily procedures (default 4).", DefaultValueFactory = _ => 4 };
        var hours = new Option<double>("--max-hours") { Description = "Longest procedure in hours (default 5).", DefaultValueFactory = _ => 5 };
        var bleeding = new Option<bool>("--bleeding-risk") { Description = "The patient bleeds or is at risk: platelet floor 50 instead of 20 ×10^9/L." };
        var json = new Option<bool>("--json") { Description = "Print plan.json on stdout instead of the table." };
        var noIntervals = new Option<bool>("--no-intervals") { Description = "Leave out the first planned day for 400 patients like this one (random effects from the priors: median and 5–95 % of its main figures at the planned settings and volume), printed by default; a few seconds less." };
        // Day 1 for patients like this one is printed by default now; the old switch is still accepted.
        var intervals = new Option<bool>("--intervals") { Hidden = true };
        var probability = new Option<string?>("--probability") { Description = "Plan so that this share of patients like this one reach the goal (a target stop), with its unit: e.g. 90%. Without it the plan is made for the typical patient." };
        var command = new Command("plan", "Plan the settings, the blood to process and the number of daily procedures that reach the scenario's stop target safely, with the same simulator.")
        {
            scenario, output, days, hours, bleeding, json, noIntervals, intervals, probability,
        };
        command.SetAction(parse => Execute(parse.GetValue(scenario)!, parse.GetValue(output), parse.GetValue(days), parse.GetValue(hours), parse.GetValue(bleeding), parse.GetValue(json), !parse.GetValue(noIntervals), parse.GetValue(probability), stdout, stderr, console));
        return command;
    }

    private static int Execute(string path, string? outDir, int maxDays, double maxHours, bool bleeding, bool json, bool intervals, string? probabilityText, TextWriter stdout, TextWriter stderr, IAnsiConsole console)
    {
        var errors = new List<string>();
        if (!PlanOptions.DaysAllowed(maxDays))
        {
            errors.Add($"--max-days: {maxDays} is out of range; {PlanOptions.DaysHint}");
        }

        if (!PlanOptions.HoursAllowed(maxHours))
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"--max-hours: {maxHours} is out of range; {PlanOptions.HoursHint}"));
        }

        double? probability = null;
        if (probabilityText is not null)
        {
            (probability, var problem) = ConfidentPlanner.Read(probabilityText);
            if (problem is not null)
            {
                errors.Add($"--probability: {problem}");
            }
        }

        var loaded = ScenarioLoader.LoadFile(path);
        errors.AddRange(loaded.Errors.Select(e => e.ToString()));
        if (probability is not null && loaded.Scenario is { } v && ConfidentPlanner.Refusal(v) is { } refusal)
        {
            errors.Add($"--probability: {refusal}, or plan without --probability");
        }

        if (loaded.Scenario is { } s && ScenarioLoader.PlannableCourse(s, "leuka plan") is { } course)
        {
            errors.Add(course.ToString());
        }

        if (loaded.Scenario is { } t && ScenarioLoader.SeparatingOnly(t, "leuka plan") is { } kind)
        {
            errors.Add(kind.ToString());
        }

        if (errors.Count > 0 || !loaded.IsValid)
        {
            errors.ForEach(stderr.WriteLine);
            return ExitCodes.InvalidInput;
        }

        var planOptions = new PlanOptions(maxDays, maxHours, BleedingRisk: bleeding);
        ConfidentPlan? confident = probability is { } p ? ConfidentPlanner.Make(loaded.Scenario!, planOptions, p) : null;
        var plan = confident?.Plan ?? new Planner().Make(loaded.Scenario!, planOptions);
        var planJson = PlanJson.Write(plan);
        if (outDir is not null)
        {
            Directory.CreateDirectory(outDir);
            File.WriteAllText(Path.Combine(outDir, "plan.json"), planJson);
        }

        if (json)
        {
            stdout.Write(planJson);
        }
        else
        {
            Write(console, loaded.Scenario!, plan);
            if (intervals && plan.Days.Count > 0)
            {
                // Day 1 as planned (its settings and volume), for patients who differ by their random effects.
                var first = plan.Days[0].Scenario;
                if (first.Patient.Variation is null)
                {
                    console.WriteLine(F($"Day 1 as planned (stop: {ScenarioWords.Of(first.Procedure.Stop)}):"));
                    var runs = PredictionIntervals.Run(first);
                    SimulateText.Intervals(console, PredictionIntervals.Of(runs));
                    // A one-day plan is made on the typical patient; how many like them reach its goal that day.
                    if (plan.Days.Count == 1 && PredictionIntervals.Reaching(loaded.Scenario!.Procedure.Stop, runs) is { } share)
                    {
                        console.WriteLine(F($"{share * 100:0} % of {runs.Count} patients like this one reach the goal ({ScenarioWords.Of(loaded.Scenario!.Procedure.Stop)}) with day 1 as planned."));
                    }
                }
                else
                {
                    console.WriteLine("No interval from the priors: this scenario fixes the patient's own random effects (patient.variation).");
                }
            }

            if (outDir is not null)
            {
                console.WriteLine($"Wrote {Path.Combine(outDir, "plan.json")}; run a day with: leuka simulate --plan {Path.Combine(outDir, "plan.json")} [--day N]");
            }
        }

        return plan.Feasible ? ExitCodes.Success : ExitCodes.TargetUnreachable;
    }

    private static void Write(IAnsiConsole console, Scenario scenario, Plan plan)
    {
        console.MarkupLine($"[bold]{Markup.Escape(scenario.Name)}[/]");
        console.WriteLine($"Goal: {plan.Goal}.");
        console.MarkupLine(plan.Feasible ? $"[green]Plan:[/] {Markup.Escape(plan.Reason)}." : $"[red]No safe plan:[/] {Markup.Escape(plan.Reason)}.");
        if (plan.Between is { } between)
        {
            console.WriteLine($"Between the days (the scenario's course, which sets the most days: {between.Days}): {between.Between()}.");
        }

        var table = new Table().Border(TableBorder.Simple)
            .AddColumn("day").AddColumn("settings").AddColumn("process").AddColumn("counts before → after").AddColumn("product").AddColumn("citrate, calcium");
        foreach (var d in plan.Days)
        {
            var s = d.Scenario.Procedure;
            var r = d.Predicted;
            var ca = s.CalciumProphylaxis.Infusion.MillimolesPerHour;
            table.AddRow(
                d.Day.ToString(CultureInfo.InvariantCulture),
                F($"inlet {s.InletFlow.MillilitersPerMinute:0.#} mL/min, 1:{s.InletToAcRatio:0.#}, collect {s.CollectFlow.MillilitersPerMinute:0.#} mL/min") + (ca > 0 ? F($", Ca {ca:0.#} mmol/h") : ""),
                F($"{r.ProcessedVolumeL:0.00} L ({r.BloodVolumesProcessed:0.0} TBV), {r.DurationMin:0} min"),
                F($"WBC {r.Wbc.Pre:0.#} → {r.Wbc.Post:0.#}, platelets {r.Platelets.Post:0}, Hct {r.Hematocrit.PostPercent:0.#} %")
                    + (scenario.Patient.Labs.Cd34 is not null ? F($", CD34+ {r.Cd34PerMicroliter.Pre:0.#} → {r.Cd34PerMicroliter.Post:0.#} /µL") : ""),
                Product(scenario, d),
                F($"AC {r.Citrate.AcVolumeMl:0} mL, peak {r.Citrate.PeakInfusionRateMgPerKgPerMin:0.00} mg/kg/min; iCa nadir {r.IonizedCalcium.NadirMmolPerL:0.00}"));
        }

        console.Write(table);
        foreach (var f in plan.Findings)
        {
            var colour = f.Severity switch { FindingSeverity.Critical => "red", FindingSeverity.Caution => "yellow", _ => "grey" };
            console.MarkupLine($"[{colour}]{f.Severity.ToString().ToLowerInvariant()}[/] day {f.Day} {Markup.Escape(f.Code)}: {Markup.Escape(f.Message)} [grey]({Markup.Escape(f.Source)})[/]");
        }

        if (!plan.Feasible && plan.Days.Count > 0 && plan.Days[^1].Curve.Count > 0)
        {
            // How far a day gets against the volume processed, when no plan reaches the goal.
            var day = plan.Days[^1];
            var points = day.Curve.Select(c => scenario.Procedure.Stop switch
            {
                TargetCd34DoseStop => F($"{c.ProcessedLiters:0.0} L → {c.Cd34PerKg:0.##} ×10^6/kg"),
                TargetCd3YieldStop => F($"{c.ProcessedLiters:0.0} L → {c.Cd3:0.##} ×10^9"),
                _ => F($"{c.ProcessedLiters:0.0} L → WBC {c.WbcAfter:0.#}"),
            });
            console.WriteLine($"Day {day.Day} against the volume processed: {string.Join("; ", points)}.");
        }

        console.WriteLine(F($"({plan.Simulations} simulation{(plan.Simulations == 1 ? "" : "s")}{(plan.Probability is { } p ? F($": the typical patient and {p.Draws} like this one") : "")}.)"));
    }

    // What the goal is about, with the running total across days; only what was measured.
    private static string Product(Scenario scenario, PlannedDay d)
    {
        var r = d.Predicted;
        var labs = scenario.Patient.Labs;
        var parts = new List<string> { F($"{r.Product.VolumeMl:0} mL") };
        if (labs.Cd34 is not null)
        {
            parts.Add(F($"CD34+ {r.Product.Cd34PerKgE6:0.##} ×10^6/kg") + (d.Day > 1 || scenario.Procedure.Stop is TargetCd34DoseStop ? F($" (total {d.Cd34PerKgSoFar:0.##})") : ""));
        }

        if (labs.Cd3 is not null || ProductFigures.Cd3Matters(scenario.Procedure))
        {
            parts.Add(F($"CD3+ {r.Product.Cd3E9:0.##} ×10^9") + (d.Day > 1 || scenario.Procedure.Stop is TargetCd3YieldStop ? F($" (total {d.Cd3SoFar:0.##})") : ""));
        }

        if (scenario.Procedure.Kind == ProcedureKind.LeukocyteDepletion)
        {
            parts.Add(F($"WBC {r.Product.WbcE9:0} ×10^9 removed"));
        }

        return string.Join("; ", parts);
    }

    private static string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
