using Leuka.Physiology;
using Leuka.Quantities;

namespace Leuka.Tests.Procedure;

public sealed class CitrateInfusionTests
{
    // Single quotes stand for double quotes in the procedure's fields.
    private static string Json(string procedure = "'citrateInfusion': { 'rate': '0.5 mmol/kg/h', 'for': '2 h' }, 'stop': { 'duration': '5 h' }") =>
        Template.Replace("PROCEDURE", procedure.Replace('\'', '"'), StringComparison.Ordinal);

    private const string Template = """
        {
          "name": "infusion",
          "patient": { "sex": "male", "ageYears": 60, "height": "175 cm", "weight": "70 kg",
            "labs": { "wbc": "8 x10^9/L", "hematocrit": "40 %", "platelets": "220 x10^9/L" } },
          "procedure": { "kind": "citrate-infusion", PROCEDURE },
          "seed": 1
        }
        """;

    [Fact]
    public void An_infusion_without_separation_gives_the_dose_and_its_analysis_recovers_the_models_clearance_and_half_life()
    {
        var scenario = ProcedureEngineTests.Load(Json());
        var engine = new ProcedureEngine(scenario, Leuka.Tests.Procedure.ProcedureEngineTests.Shared);
        var r = engine.RunToEnd();
        Assert.Equal(0, r.ProcessedVolumeL);
        Assert.Equal(300, r.DurationMin, 6);
        Assert.Equal(0.5 * 70 * 2, r.Citrate.ToPatientMmol, 6);
        Assert.Equal(0, r.Extracorporeal.PeakMl);
        var model = CitrateParameters.For(Mass.FromKilograms(70));
        Assert.Equal(model.Clearance.MillilitersPerMinute, r.Citrate.ClearanceMlPerMin!.Value, model.Clearance.MillilitersPerMinute * 0.02);
        Assert.Equal(model.HalfLife.Minutes, r.Citrate.HalfLifeMin!.Value, 0.5);
        Assert.True(r.IonizedCalcium.NadirMmolPerL < r.IonizedCalcium.BaselineMmolPerL - 0.1, "citrate without calcium lowers ionized calcium");

        // Three hours after the infusion stops the citrate is cleared: what a sample at the end reads
        // has come back most of the way from the nadir.
        var fall = r.IonizedCalcium.BaselineMmolPerL - r.IonizedCalcium.NadirMmolPerL;
        Assert.InRange(r.IonizedCalcium.EndMmolPerL, r.IonizedCalcium.NadirMmolPerL + (0.5 * fall), r.IonizedCalcium.BaselineMmolPerL + 0.02);
        Assert.True(r.Potassium.BicarbonateGainEndMmolPerL > 1);
        Assert.DoesNotContain(r.Warnings, w => w.Code == Codes.NothingProcessed.Name || w.Code == Codes.Cd34NotMeasured.Name);

        // Everything is conserved as in any run, the infused solution's water included.
        foreach (var b in engine.Balances())
        {
            Assert.True(Math.Abs(b.In - b.Accounted) <= 1e-9 * Math.Max(b.Scale, 1e-6), $"{b.Name}: in {b.In} accounted {b.Accounted}");
        }

        // The written scenario reloads to the same infusion.
        Assert.Equal(scenario.Procedure.CitrateInfusion, ScenarioLoader.Load(ScenarioWriter.Write(scenario)).Scenario!.Procedure.CitrateInfusion);
    }

    [Theory]
    [InlineData("'citrateInfusion': { 'rate': '0.5 mmol/kg/h', 'for': '2 h' }, 'inletFlow': '50 mL/min', 'stop': { 'duration': '4 h' }", "procedure.inletFlow")]
    [InlineData("'stop': { 'duration': '4 h' }", "procedure.citrateInfusion")]
    [InlineData("'citrateInfusion': { 'rate': '0.5 mmol/kg/h', 'for': '2 h' }, 'stop': { 'bloodVolumes': 2 }", "procedure.stop")]
    [InlineData("'citrateInfusion': { 'rate': '0.5 mmol/kg/h', 'for': '6 h' }, 'stop': { 'duration': '4 h' }", "procedure.citrateInfusion.for")]
    [InlineData("'citrateInfusion': { 'rate': '0.5 mmol/h', 'for': '2 h' }, 'stop': { 'duration': '4 h' }", "procedure.citrateInfusion.rate")]
    [InlineData("'citrateInfusion': { 'rate': '9 mmol/kg/h', 'for': '2 h' }, 'stop': { 'duration': '4 h' }", "procedure.citrateInfusion.rate")]
    [InlineData("'citrateInfusion': { 'rate': '0.5 mmol/kg/h', 'for': '2 h' }, 'magnesiumProphylaxis': { 'perAc': '0.2 mg/mL' }, 'stop': { 'duration': '4 h' }", "procedure.magnesiumProphylaxis.perAc")]
    [InlineData("'citrateInfusion': { 'rate': '0.5 mmol/kg/h', 'for': '2 h' }, 'sampleVolume': '2 mL', 'stop': { 'duration': '4 h' }", "procedure.sampleVolume")]
    [InlineData("'citrateInfusion': { 'rate': '0.5 mmol/kg/h', 'for': '2 h' }, 'setVolume': '250 mL', 'stop': { 'duration': '4 h' }", "procedure.setVolume")]
    public void A_bad_infusion_names_its_field(string procedure, string path)
    {
        var loaded = ScenarioLoader.Load(Json(procedure));
        Assert.Contains(loaded.Errors, e => e.Path == path);
    }

    [Fact]
    public void The_clinical_rate_in_mg_per_kg_per_min_is_read_and_other_kinds_refuse_an_infusion()
    {
        var mg = ScenarioLoader.Load(Json("'citrateInfusion': { 'rate': '1.6 mg/kg/min', 'for': '2 h' }, 'stop': { 'duration': '4 h' }"));
        Assert.True(mg.IsValid, string.Join("\n", mg.Errors));
        Assert.Equal(1.6 / 189.10 * 60, mg.Scenario!.Procedure.CitrateInfusion!.MillimolesPerKgPerHour, 9);
        var other = ScenarioLoader.Load(ProcedureEngineTests.Json(extraProcedure: ", \"citrateInfusion\": { \"rate\": \"0.5 mmol/kg/h\", \"for\": \"2 h\" }"));
        Assert.Contains(other.Errors, e => e.Path == "procedure.citrateInfusion");
        Assert.NotNull(ScenarioLoader.SeparatingOnly(mg.Scenario, "leuka plan"));
    }
}
