namespace Leuka.Tests.Procedure;

public sealed class RedCellPrimeTests
{
    private static ProcedureResult Run(string extra) => new ProcedureEngine(ProcedureEngineTests.Load(ProcedureEngineTests.Json(
        kg: 18, hct: 30, inlet: 25, prime: "red-cells", stop: """{ "duration": "20 min" }""", extraProcedure: extra)), Leuka.Tests.Procedure.ProcedureEngineTests.Shared).RunToEnd();

    [Fact]
    public void A_prime_reconstituted_to_the_patients_hct_neither_transfuses_nor_dilutes_and_packed_cells_transfuse()
    {
        var own = Run("");
        var packed = Run(", \"primeHematocrit\": \"60 %\"");
        Assert.InRange(own.Hematocrit.PostPercent - own.Hematocrit.PrePercent, -1.5, 1.0);
        Assert.True(packed.Hematocrit.PostPercent > own.Hematocrit.PostPercent + 1, $"packed {packed.Hematocrit.PostPercent} vs own {own.Hematocrit.PostPercent}");
    }

    [Fact]
    public void A_prime_hct_without_a_red_cell_prime_is_refused()
    {
        var loaded = ScenarioLoader.Load(ProcedureEngineTests.Json(extraProcedure: ", \"primeHematocrit\": \"40 %\""));
        var error = Assert.Single(loaded.Errors, e => e.Path == "procedure.primeHematocrit");
        Assert.Contains("red-cells", error.Message, StringComparison.Ordinal);
    }
}
