using Leuka.Cohorts;
using Leuka.Separation;

namespace Leuka.Cli.Tests;

/// <summary>Prediction intervals: the 5–95 % range over patients like this one holds about nine in ten such patients.</summary>
public sealed class PredictionIntervalTests
{
    [Fact]
    public void Over_500_virtual_patients_the_90_percent_interval_holds_the_simulated_truth_85_to_95_percent_of_the_time()
    {
        var scenario = ScenarioLoader.LoadFile(CliRunner.Example("car-t-lymphocyte-collection.json")).Scenario!;
        var intervals = PredictionIntervals.For(scenario).ToDictionary(i => i.Output);

        // Truths: the same patient with random effects from other seeds than the interval's draws.
        var response = new SeparatorResponse(SeparatorModel.Default, ResponseGrid.Default);
        var truths = new ProcedureResult[500];
        // (member seeds of another base seed than the scenario's, so none is one of the interval's draws)
        var other = scenario with { Seed = scenario.Seed + 1_000_003 };
        Parallel.For(0, truths.Length, k => truths[k] = new ProcedureEngine(PredictionIntervals.LikeThis(other, k), CohortRunner.MemberCache(response)).RunToEnd());

        foreach (var output in new[] { "durationMin", "processedVolumeL", "wbc.postE9PerL" })
        {
            var i = intervals[output];
            Assert.True(i.High > i.Low, $"{output}: the interval {i.Low}–{i.High} has no width");
            var inside = truths.Count(t => SummaryFields.Value(t, output) is var v && v >= i.Low && v <= i.High) / (double)truths.Length;
            Assert.True(inside is >= 0.85 and <= 0.95, $"{output}: {inside:0.000} of 500 inside {i.Low}–{i.High}");
        }

        // The point estimate of simulate (the typical patient) lies within its own interval.
        var typical = new ProcedureEngine(scenario).RunToEnd();
        Assert.InRange(typical.DurationMin, intervals["durationMin"].Low, intervals["durationMin"].High);
    }

    [Fact]
    public void Simulate_with_intervals_prints_and_writes_them_and_a_calibrated_patient_is_told_where_its_interval_is()
    {
        var outDir = Directory.CreateTempSubdirectory("leuka-intervals-").FullName;
        var (exit, output, error) = CliRunner.Run("simulate", CliRunner.Example("car-t-lymphocyte-collection.json"), "--intervals", "--out", outDir);
        Assert.True(exit == 0, error);
        Assert.Contains("For patients like this one", output, StringComparison.Ordinal);
        var json = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(outDir, "intervals.json")))!;
        Assert.True((double)json["durationMin"]!["p5"]! < (double)json["durationMin"]!["p95"]!);

        var fixedPatient = Path.Combine(outDir, "calibrated.json");
        var scenario = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(CliRunner.Example("car-t-lymphocyte-collection.json")))!;
        scenario["patient"]!["variation"] = System.Text.Json.Nodes.JsonNode.Parse("""{ "interfaceWobble": 1.4, "whiteLayerMixing": 0.8, "tissueExchange": 1.1, "tissueReservoir": 0.9 }""");
        File.WriteAllText(fixedPatient, scenario.ToJsonString());
        var calibrated = CliRunner.Run("simulate", fixedPatient, "--intervals", "--out", Path.Combine(outDir, "c"));
        Assert.True(calibrated.Exit == 0, calibrated.Err);
        Assert.Contains("No interval from the priors", calibrated.Out, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(outDir, "c", "intervals.json")));
    }

    [Fact]
    public void Plan_gives_by_default_day_one_for_patients_like_this_one_and_how_many_reach_the_goal()
    {
        var (exit, output, error) = CliRunner.Run("plan", CliRunner.Example("car-t-lymphocyte-collection.json"));
        Assert.True(exit == 0, error);
        Assert.Contains("Day 1 as planned", output, StringComparison.Ordinal);
        Assert.Contains("product.cd3E9", output, StringComparison.Ordinal);
        // The plan is made for the typical patient: about half of the patients like them reach the goal that day.
        var line = output.Split('\n').Single(l => l.Contains("patients like this one reach the goal", StringComparison.Ordinal));
        var percent = int.Parse(line[..line.IndexOf(' ', StringComparison.Ordinal)], System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(percent, 30, 70);

        var without = CliRunner.Run("plan", CliRunner.Example("car-t-lymphocyte-collection.json"), "--no-intervals");
        Assert.True(without.Exit == 0, without.Err);
        Assert.DoesNotContain("Day 1 as planned", without.Out, StringComparison.Ordinal);
    }
}
