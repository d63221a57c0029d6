using System.Text.Json;
using System.Text.Json.Nodes;
using Leuka.Planning;

namespace Leuka.Formats;

/// <summary>plan.json: the plan, each day's scenario (runnable with <c>leuka simulate --plan</c>) and its predicted summary.</summary>
public static class PlanJson
{
    /// <summary>
    /// Version of the plan file. 2: a later day starts from the patient the days before it leave
    /// (and the file may hold the course between them); version 1's later days started at equilibrium.
    /// </summary>
    public const int PlanVersion = 2;

    /// <summary>The plan as indented JSON with a trailing newline.</summary>
    public static string Write(Plan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var days = new JsonArray();
        foreach (var d in plan.Days)
        {
            days.Add(new JsonObject
            {
                ["day"] = d.Day,
                ["cd34PerKgE6SoFar"] = Math.Round(d.Cd34PerKgSoFar, 3),
                ["cd3E9SoFar"] = Math.Round(d.Cd3SoFar, 3),
                ["curve"] = new JsonArray([.. d.Curve.Select(c => (JsonNode)new JsonObject
                {
                    ["processedVolumeL"] = c.ProcessedLiters,
                    ["wbcAfterE9PerL"] = Math.Round(c.WbcAfter, 3),
                    ["cd34PerKgE6"] = Math.Round(c.Cd34PerKg, 3),
                    ["cd3E9"] = Math.Round(c.Cd3, 3),
                    ["durationMin"] = Math.Round(c.Minutes, 1),
                })]),
                ["scenario"] = JsonNode.Parse(ScenarioWriter.Write(d.Scenario)),
                ["predicted"] = JsonNode.Parse(SummaryJson.Write(d.Predicted)),
            });
        }

        var findings = new JsonArray();
        foreach (var f in plan.Findings)
        {
            findings.Add(new JsonObject
            {
                ["day"] = f.Day,
                ["code"] = f.Code,
                ["severity"] = f.Severity.ToString().ToLowerInvariant(),
                ["message"] = f.Message,
                ["value"] = Math.Round(f.Value, 3),
                ["threshold"] = f.Threshold,
                ["source"] = f.Source,
            });
        }

        // What happened between the days (the scenario's course), in the scenario's own words.
        var between = plan.Between is { } c && plan.Days.Count > 0
            ? JsonNode.Parse(ScenarioWriter.Write(plan.Days[0].Scenario with { Course = c }))!["course"]!.DeepClone()
            : null;
        var root = new JsonObject
        {
            ["planVersion"] = PlanVersion,
            ["feasible"] = plan.Feasible,
            ["goal"] = plan.Goal,
            ["reason"] = plan.Reason,
            ["procedures"] = plan.Days.Count,
            ["simulations"] = plan.Simulations,
            ["findings"] = findings,
            ["days"] = days,
        };
        if (plan.Probability is { } p)
        {
            // Beside the verdict (after feasible, goal, reason, procedures), before the days.
            root.Insert(5, "probability", new JsonObject
            {
                ["askedPercent"] = Math.Round(p.Asked * 100, 1),
                ["patients"] = p.Draws,
                ["reachedPercent"] = Math.Round(p.Reached * 100, 1),
                ["typicalPlanReachedPercent"] = Math.Round(p.TypicalReached * 100, 1),
            });
        }

        if (between is not null)
        {
            root.Insert(root.Count - 1, "course", between);
        }

        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n";
    }

    /// <summary>
    /// The scenarios of days 1 to <paramref name="day"/> of a plan file, as scenario JSON (a clear
    /// error when the file is not a plan): a later day starts from the patient the days before it
    /// leave (docs/model/courses.md). When the plan was made with a course, each carries it
    /// (<c>course</c>: what happens between the days); the day itself is one procedure.
    /// </summary>
    public static IReadOnlyList<string> DayScenarios(string planJson, int day)
    {
        JsonObject root;
        try
        {
            root = JsonNode.Parse(planJson)?.AsObject() ?? throw new FormatException("the plan file is empty");
        }
        catch (JsonException e)
        {
            throw new FormatException($"not a plan file: {e.Message}", e);
        }

        var days = root["days"] as JsonArray ?? throw new FormatException("not a plan file: it has no \"days\"; write one with leuka plan SCENARIO --out DIR");
        if (day > 1 && (root["planVersion"]?.GetValueKind() != JsonValueKind.Number || root["planVersion"]!.GetValue<double>() < PlanVersion))
        {
            // Version 1 planned each later morning at equilibrium: rerun now, that day would differ.
            throw new FormatException($"the plan was written by an earlier Leuka (planVersion {root["planVersion"]?.ToJsonString() ?? "missing"}), whose later days started at equilibrium; day {day} would not reproduce it: make the plan again with leuka plan SCENARIO --out DIR");
        }

        if (day < 1 || day > days.Count)
        {
            throw new ArgumentOutOfRangeException(nameof(day), day, $"the plan has {days.Count} day(s); give --day from 1 to {days.Count}");
        }

        var between = root["course"];
        return [.. days.Take(day).Select(d =>
        {
            var scenario = d!["scenario"]!.DeepClone().AsObject();
            if (between is not null)
            {
                scenario["course"] = between.DeepClone();
            }

            return scenario.ToJsonString();
        })];
    }
}
