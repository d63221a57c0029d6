using System.Text.Json.Nodes;

namespace Leuka.Tests.Procedure;

public sealed class SetVolumeTests
{
    // An adult with a saline prime for 30 min: the set's blood is replaced by saline at the start.
    private static string Adult(string extra) => ProcedureEngineTests.Json(kg: 70, inlet: 60, stop: """{ "duration": "30 min" }""", extraProcedure: extra);

    private static ProcedureResult Run(string json) => new ProcedureEngine(ProcedureEngineTests.Load(json), ProcedureEngineTests.Shared).RunToEnd();

    [Fact]
    public void A_larger_set_holds_more_blood_outside_and_its_saline_prime_dilutes_the_blood_more()
    {
        // The clinic's own set, from its label: the engine's lines scaled to it. Holding 300 mL of blood
        // outside, and giving back 300 mL of saline for it, lowers the haematocrit more than 185 mL does.
        var usual = Run(Adult(""));
        var large = Run(Adult(", \"setVolume\": \"300 mL\""));
        Assert.Equal(185, usual.Extracorporeal.PeakMl, 1);
        Assert.Equal(300, large.Extracorporeal.PeakMl, 1);
        Assert.Equal(300 * 100 / (1000 * large.TotalBloodVolumeL), large.Extracorporeal.PeakPercentOfTbv, 0.5);
        Assert.True(large.Hematocrit.PostPercent < usual.Hematocrit.PostPercent - 0.3, $"300 mL set: Hct {large.Hematocrit.PostPercent:0.00} %, 185 mL set: {usual.Hematocrit.PostPercent:0.00} %");
    }

    [Fact]
    public void The_set_volume_is_read_written_back_swept_and_refused_by_name_when_wrong()
    {
        var scenario = ProcedureEngineTests.Load(Adult(", \"setVolume\": \"250 mL\""));
        Assert.Equal(250, scenario.Procedure.SetVolume!.Value.Milliliters, 9);
        Assert.Equal(250, ScenarioLoader.Load(ScenarioWriter.Write(scenario)).Scenario!.Procedure.SetVolume!.Value.Milliliters, 9);
        var swept = ScenarioEdit.Parse("procedure.setVolume", JsonValue.Create("0.2 L")).Apply(scenario);
        Assert.Equal(200, swept.Procedure.SetUsed(EngineOptions.Default.Set).Volume.Milliliters, 9);
        Assert.Equal(185, ProcedureEngineTests.Load(Adult("")).Procedure.SetUsed(EngineOptions.Default.Set).Volume.Milliliters, 9);

        ProcedureEngineTests.AssertVolumeRefusedByName(Adult, "setVolume", outside: "\"40 mL\"", bare: "250", wrongKind: "\"250 mL/min\"");
    }

    [Fact]
    public void A_childs_saline_prime_is_refused_on_the_set_the_scenario_names()
    {
        // 12 kg: 185 mL is under the limit a saline prime allows, 300 mL is not. The refusal
        // names the prime and the set's volume, and nothing runs.
        string Child(string extra) => ProcedureEngineTests.Json(kg: 12, inlet: 20, stop: """{ "duration": "30 min" }""", extraProcedure: extra);
        Assert.True(ScenarioLoader.Load(Child("")).IsValid);
        var refused = ScenarioLoader.Load(Child(", \"setVolume\": \"300 mL\""));
        Assert.Null(refused.Scenario);
        Assert.Contains(refused.Errors, e => e.Path == "procedure.prime" && e.Message.Contains("300 mL", StringComparison.Ordinal));
    }
}
