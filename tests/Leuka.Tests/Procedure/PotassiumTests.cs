namespace Leuka.Tests.Procedure;

public sealed class PotassiumTests
{
    private static string Large(string potassium = "") => ProcedureEngineTests.Json(
        kg: 70, inlet: 70, ratio: 10, stop: """{ "duration": "240 min" }""",
        extraLabs: potassium.Length == 0 ? "" : $", \"potassium\": {potassium}");

    [Fact]
    public void A_large_volume_run_raises_bicarbonate_and_ph_and_lowers_potassium_and_a_low_start_warns()
    {
        var r = new ProcedureEngine(ProcedureEngineTests.Load(Large()), Leuka.Tests.Procedure.ProcedureEngineTests.Shared).RunToEnd();
        Assert.Equal(4.0, r.Potassium.BaselineMmolPerL, 9);
        Assert.InRange(r.Potassium.EndMmolPerL, 3.2, 3.9);
        // ACD-A's citric acid spends a third of the base its citrate later makes: a mild alkalosis
        // (plasma exchange with plasma, mostly trisodium citrate: +0.04 ± 0.05, docs/model/citrate-calcium.md).
        Assert.InRange(r.Potassium.BicarbonateGainEndMmolPerL, 1.5, 12);
        Assert.InRange(r.Potassium.PeakPh, 7.41, 7.55);
        Assert.DoesNotContain(r.Warnings, w => w.Code == Codes.PotassiumLow.Name);

        // A start of 3.2 falls about 0.3, clearly below the 3.0 floor (3.3 landed on it, 3.00).
        var low = new ProcedureEngine(ProcedureEngineTests.Load(Large("\"3.2 mEq/L\"")), Leuka.Tests.Procedure.ProcedureEngineTests.Shared).RunToEnd();
        Assert.Equal(3.2, low.Potassium.BaselineMmolPerL, 9);
        Assert.True(low.Potassium.NadirMmolPerL < 2.95, $"{low.Potassium.NadirMmolPerL}");
        Assert.Contains(low.Warnings, w => w.Code == Codes.PotassiumLow.Name);
    }

    [Theory]
    [InlineData("\"16 mg/dL\"", true)]
    [InlineData("\"4.1 mmol/L\"", true)]
    [InlineData("\"4.1\"", false)]
    [InlineData("\"12 mmol/L\"", false)]
    public void Potassium_is_read_in_mmol_per_l_meq_per_l_or_mg_per_dl_and_never_guessed(string value, bool valid)
    {
        var loaded = ScenarioLoader.Load(Large(value));
        Assert.Equal(valid, loaded.IsValid);
        if (!valid)
        {
            Assert.Contains(loaded.Errors, e => e.Path == "patient.labs.potassium");
        }
    }

    [Fact]
    public void Calcium_is_not_read_in_meq_per_l()
    {
        var loaded = ScenarioLoader.Load(ProcedureEngineTests.Json(extraLabs: ", \"ionizedCalcium\": \"2.4 mEq/L\""));
        Assert.Contains(loaded.Errors, e => e.Path == "patient.labs.ionizedCalcium");
    }
}
