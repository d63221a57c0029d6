using System.Text.Json.Nodes;
using Leuka.Cohorts;
using Leuka.Planning;

namespace Leuka.Cli.Tests;

/// <summary>Planning for a stated probability of reaching the goal (docs/cohorts.md § Planning for a probability).</summary>
public sealed class ConfidentPlanTests
{
    [Fact]
    public void A_plan_for_90_percent_reaches_the_goal_in_85_to_95_percent_of_patients_it_was_not_made_with()
    {
        var outDir = Directory.CreateTempSubdirectory("leuka-confident-").FullName;
        var example = CliRunner.Example("car-t-lymphocyte-collection.json");
        var (exit, output, error) = CliRunner.Run("plan", example, "--probability", "90%", "--out", outDir);
        Assert.True(exit == 0, error);
        Assert.StartsWith("Plan: 9", output.Split('\n').Single(l => l.StartsWith("Plan:", StringComparison.Ordinal)), StringComparison.Ordinal);
        Assert.Contains("% of 400 patients like this one reach the goal with one procedure of", output, StringComparison.Ordinal);

        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(outDir, "plan.json")))!;
        var probability = json["probability"]!;
        Assert.Equal(90, (double)probability["askedPercent"]!);
        Assert.InRange((double)probability["reachedPercent"]!, 90, 92);

        // The typical patient's plan reaches the goal in about half of them: this plan processes more.
        Assert.True((double)probability["typicalPlanReachedPercent"]! < 75, probability.ToJsonString());
        var typical = new Planner().Make(ScenarioLoader.LoadFile(example).Scenario!, new PlanOptions());
        var days = json["days"]!.AsArray().Select(d => ScenarioLoader.Load(d!["scenario"]!.ToJsonString()).Scenario!).ToList();
        var liters = json["days"]!.AsArray().Select(d => (double)d!["predicted"]!["processedVolumeL"]!).ToList();
        Assert.True(liters[^1] > typical.Days[^1].Predicted.ProcessedVolumeL + 0.2, $"{liters[^1]} L against the typical plan's {typical.Days[^1].Predicted.ProcessedVolumeL} L");

        // The advice the typical plan gave about its settings (here its calcium) stays with them.
        var codes = json["findings"]!.AsArray().Select(f => (string)f!["code"]!).ToHashSet();
        Assert.NotEmpty(typical.Findings);
        Assert.All(typical.Findings, f => Assert.Contains(f.Code, codes));

        // Patients the plan was not made with (other member seeds), through the plan's own days at its volumes.
        var first = ScenarioLoader.LoadFile(example).Scenario!;
        var reach = ConfidentPlanner.Reach(first, days, 400, firstMember: 100_000);
        var share = reach.Count(r => r) / (double)reach.Length;
        Assert.True(share is >= 0.85 and <= 0.95, $"{share:0.000} of 400 other patients reach the goal");
    }

    [Theory]
    [InlineData("0.9", "has no unit")]
    [InlineData("100%", "out of range")]
    [InlineData("ninety%", "not a number")]
    public void A_probability_without_its_unit_or_out_of_range_is_refused_naming_the_option(string value, string problem)
    {
        var (exit, _, error) = CliRunner.Run("plan", CliRunner.Example("car-t-lymphocyte-collection.json"), "--probability", value);
        Assert.Equal(2, exit);
        Assert.StartsWith("--probability:", error, StringComparison.Ordinal);
        Assert.Contains(problem, error, StringComparison.Ordinal);
        Assert.Contains("e.g. 90%", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_probability_needs_a_goal_that_can_be_missed_and_patients_drawn_from_the_priors()
    {
        var (exit, _, error) = CliRunner.Run("plan", CliRunner.Example("adult-aml-hyperleukocytosis.json"), "--probability", "90%");
        Assert.Equal(2, exit);
        Assert.StartsWith("--probability: the scenario's stop (after 2 blood volumes) is not a goal that can be missed", error, StringComparison.Ordinal);

        // A calibrated patient (own random effects): patients like them are not the priors' draws.
        var dir = Directory.CreateTempSubdirectory("leuka-confident-").FullName;
        var scenario = JsonNode.Parse(File.ReadAllText(CliRunner.Example("car-t-lymphocyte-collection.json")))!;
        scenario["patient"]!["variation"] = JsonNode.Parse("""{ "interfaceWobble": 1.4, "whiteLayerMixing": 0.8, "tissueExchange": 1.1, "tissueReservoir": 0.9 }""");
        var calibrated = Path.Combine(dir, "calibrated.json");
        File.WriteAllText(calibrated, scenario.ToJsonString());
        (exit, _, error) = CliRunner.Run("plan", calibrated, "--probability", "90%");
        Assert.Equal(2, exit);
        Assert.StartsWith("--probability: the scenario fixes the patient's own random effects (patient.variation)", error, StringComparison.Ordinal);
    }
}
