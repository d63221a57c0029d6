using System.Text.Json.Nodes;
using Leuka.Patients;
using Leuka.Physiology;
using Leuka.Testing;

namespace Leuka.Tests.Patients;

public sealed class PatientVariationTests
{
    private static string Example(Action<JsonObject> edit) => RepositoryFiles.ExampleJson("myeloma-autologous-cd34.json", edit);

    private static string WithVariation(string variation, int seed = 11) => Example(j =>
    {
        j["patient"]!["variation"] = JsonNode.Parse(variation);
        j["seed"] = seed;
    });

    [Fact]
    public void Drawn_variation_is_the_same_for_a_seed_and_differs_between_seeds()
    {
        var a = ScenarioLoader.Load(WithVariation("\"drawn\"", 5)).Scenario!.Patient.Varies;
        var again = ScenarioLoader.Load(WithVariation("\"drawn\"", 5)).Scenario!.Patient.Varies;
        var other = ScenarioLoader.Load(WithVariation("\"drawn\"", 6)).Scenario!.Patient.Varies;
        Assert.Equal(a, again);
        Assert.NotEqual(a, other);
        Assert.All(a.Values, v => Assert.InRange(v, RandomEffect.Min, RandomEffect.Max));
    }

    [Fact]
    public void Draws_follow_their_priors()
    {
        var random = new Random(3);
        var draws = Enumerable.Range(0, 4000).Select(_ => PatientVariation.Draw(random)).ToArray();
        for (var i = 0; i < PatientVariation.Priors.Length; i++)
        {
            var logs = draws.Select(d => Math.Log(d.Values[i])).ToArray();
            var mean = logs.Average();
            var sd = Math.Sqrt(logs.Sum(x => (x - mean) * (x - mean)) / (logs.Length - 1));
            Assert.InRange(mean, -0.05, 0.05);
            Assert.InRange(sd, 0.95 * Math.Log(PatientVariation.Priors[i].GeometricSd), 1.05 * Math.Log(PatientVariation.Priors[i].GeometricSd));
        }
    }

    [Theory]
    [InlineData("{ \"interfaceWobble\": 0 }", "patient.variation.interfaceWobble")]
    [InlineData("{ \"interfaceWobble\": \"2\" }", "patient.variation.interfaceWobble")]
    [InlineData("{ \"stickiness\": 2 }", "patient.variation.stickiness")]
    [InlineData("{ \"blastVolume\": 25 }", "patient.variation.blastVolume")]
    [InlineData("{ \"bloodVolume\": 0.3 }", "patient.variation.bloodVolume")]
    [InlineData("{ \"bloodVolume\": 2.5 }", "patient.variation.bloodVolume")]
    [InlineData("\"random\"", "patient.variation")]
    public void Bad_variation_is_refused_naming_the_field(string variation, string path)
    {
        var loaded = ScenarioLoader.Load(WithVariation(variation));
        Assert.False(loaded.IsValid);
        Assert.Contains(loaded.Errors, e => e.Path == path);
    }

    [Fact]
    public void Given_multipliers_are_kept_and_written_back()
    {
        var scenario = ScenarioLoader.Load(WithVariation("{ \"interfaceWobble\": 1.5, \"tissueExchange\": 0.5 }")).Scenario!;
        Assert.Equal(new PatientVariation(InterfaceWobble: 1.5, TissueExchange: 0.5), scenario.Patient.Varies);
        var back = ScenarioLoader.Load(ScenarioWriter.Write(scenario)).Scenario!;
        Assert.Equal(scenario.Patient.Varies, back.Patient.Varies);
    }

    [Fact]
    public void A_less_stable_interface_collects_less_and_a_faster_exchange_refills_the_blood()
    {
        // A fixed volume, not the target dose, so the products can differ.
        var typical = ScenarioLoader.Load(Example(j => j["procedure"]!["stop"] = JsonNode.Parse("{ \"bloodVolumes\": 2 }"))).Scenario!;
        var unstable = typical with { Patient = typical.Patient with { Variation = new PatientVariation(InterfaceWobble: 4) } };
        Assert.True(
            new ProcedureEngine(unstable, Leuka.Tests.Procedure.ProcedureEngineTests.Shared).RunToEnd().Product.Cd34E6 < new ProcedureEngine(typical, Leuka.Tests.Procedure.ProcedureEngineTests.Shared).RunToEnd().Product.Cd34E6,
            "a wobblier interface loses more CD34+ cells to the red-cell port");

        var parameters = PoolParameters.For(CellSpecies.Cd34, Diagnosis.None);
        var faster = parameters.Varied(CellSpecies.Cd34, new PatientVariation(TissueExchange: 2, TissueReservoir: 3));
        Assert.Equal(2 * parameters.InflowRatePerMinute * (1 + parameters.ReservoirRatio) / (1 + faster.ReservoirRatio), faster.InflowRatePerMinute, 12);
        Assert.Equal(3 * parameters.ReservoirRatio, faster.ReservoirRatio, 12);
        var platelets = PoolParameters.For(CellSpecies.Platelets, Diagnosis.None);
        Assert.Equal(platelets, platelets.Varied(CellSpecies.Platelets, new PatientVariation(TissueExchange: 2)));
    }

    [Fact]
    public void Larger_blasts_fill_the_collect_window_sooner_and_raise_the_leukocrit()
    {
        // Hyperleukocytosis: removal is limited by the cell volume the collect flow carries, so a
        // patient whose blasts are larger than the lineage's median loses fewer of them per litre.
        var typical = ScenarioLoader.Load(RepositoryFiles.ExampleJson("adult-aml-hyperleukocytosis.json", j => j["procedure"]!["stop"] = JsonNode.Parse("{ \"bloodVolumes\": 1 }"))).Scenario!;
        Scenario With(double scale) => typical with { Patient = typical.Patient with { Variation = new PatientVariation(BlastVolume: scale) } };
        var reductions = new[] { 0.67, 1, 1.5 }.Select(scale => new ProcedureEngine(With(scale), Leuka.Tests.Procedure.ProcedureEngineTests.Shared).RunToEnd().Wbc.ReductionPercent).ToArray();
        Assert.True(reductions[0] > reductions[1] + 2 && reductions[1] > reductions[2] + 2, string.Join(", ", reductions));

        var leukocrit = PatientAssessment.Of(typical.Patient).Leukocrit.Ratio;
        var labs = typical.Patient.Labs;
        var blasts = CellType.BlastFor(typical.Patient.Diagnosis).VolumeFraction(labs.Wbc.E9PerLiter * labs.Differential.Blasts.Ratio);
        Assert.Equal(leukocrit + (0.5 * blasts), PatientAssessment.Of(With(1.5).Patient).Leukocrit.Ratio, 12);
    }

    [Fact]
    public void The_blast_volume_changes_nothing_in_blood_without_blasts()
    {
        var typical = ScenarioLoader.Load(Example(j => j["procedure"]!["stop"] = JsonNode.Parse("{ \"bloodVolumes\": 1 }"))).Scenario!;
        var larger = typical with { Patient = typical.Patient with { Variation = new PatientVariation(BlastVolume: 3) } };
        Assert.Equal(new ProcedureEngine(typical, Leuka.Tests.Procedure.ProcedureEngineTests.Shared).RunToEnd().Product, new ProcedureEngine(larger, Leuka.Tests.Procedure.ProcedureEngineTests.Shared).RunToEnd().Product);
    }

    [Fact]
    public void A_larger_true_blood_volume_than_estimated_loses_a_smaller_share_at_the_same_settings()
    {
        // The machine processes 2 estimated blood volumes at the same AC limit; the body holds 1.2× the
        // estimate, so the same litres remove a smaller share of its white cells.
        var typical = ScenarioLoader.LoadFile(RepositoryFiles.Example("adult-aml-hyperleukocytosis.json")).Scenario!;
        var larger = typical with { Patient = typical.Patient with { Variation = new PatientVariation(BloodVolume: 1.2) } };
        var a = new ProcedureEngine(typical, Leuka.Tests.Procedure.ProcedureEngineTests.Shared).RunToEnd();
        var b = new ProcedureEngine(larger, Leuka.Tests.Procedure.ProcedureEngineTests.Shared).RunToEnd();
        Assert.Equal(a.TotalBloodVolumeL, b.TotalBloodVolumeL, 12);
        Assert.Equal(a.BloodVolumesProcessed, b.BloodVolumesProcessed, 6);
        Assert.True(b.Wbc.ReductionPercent < a.Wbc.ReductionPercent - 3, $"{a.Wbc.ReductionPercent:0.0} % typical, {b.Wbc.ReductionPercent:0.0} % with 1.2× the blood");
        var (parameters, _) = PatientPhysiology.Initialize(larger.Patient);
        Assert.Equal(1.2 * parameters.EstimatedBloodVolume.Liters, parameters.BaselineBloodVolume.Liters, 12);
    }

    [Fact]
    public void A_measured_blood_volume_is_the_bodys_own()
    {
        var measured = ScenarioLoader.Load(Example(j =>
        {
            j["patient"]!["bloodVolume"] = JsonNode.Parse("{ \"liters\": 5.1 }");
            j["patient"]!["variation"] = "drawn";
        })).Scenario!;
        Assert.Equal(1, measured.Patient.Varies.BloodVolume);
        var (parameters, _) = PatientPhysiology.Initialize(measured.Patient with { Variation = new PatientVariation(BloodVolume: 1.3) });
        Assert.Equal(5.1, parameters.BaselineBloodVolume.Liters, 12);

        var refused = ScenarioLoader.Load(Example(j =>
        {
            j["patient"]!["bloodVolume"] = JsonNode.Parse("{ \"liters\": 5.1 }");
            j["patient"]!["variation"] = JsonNode.Parse("{ \"bloodVolume\": 1.1 }");
        }));
        Assert.Contains(refused.Errors, e => e.Path == "patient.variation.bloodVolume" && e.Message.Contains("measured", StringComparison.Ordinal));
    }
}
