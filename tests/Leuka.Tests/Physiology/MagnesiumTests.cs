using CsCheck;
using Leuka.Physiology;
using Leuka.Quantities;

namespace Leuka.Tests.Physiology;

public sealed class MagnesiumTests
{
    private static readonly CalciumEquilibrium Equilibrium = CalciumEquilibrium.Normal;

    [Fact]
    public void Citrate_binds_magnesium_so_ionized_magnesium_falls_while_the_total_stays()
    {
        var none = Equilibrium.Solve(2.45, 0.06).IonizedMagnesium;
        var some = Equilibrium.Solve(2.45, 1.5).IonizedMagnesium;
        Assert.InRange(none, 0.50, 0.58);
        Assert.True(some < 0.8 * none, $"{some} vs {none}");
    }

    [Fact]
    public void Every_step_conserves_magnesium_and_the_exchange_pulls_toward_the_baseline()
    {
        Gen.Select(Gen.Double[0, 3], Gen.Double[0, 2], Gen.Double[0, 2], Gen.Double[0.1, 60], Gen.Double[3, 12]).Sample((citrate, removed, returned, minutes, total) =>
        {
            var volume = Volume.FromLiters(9);
            var state = new MagnesiumState(SubstanceAmount.FromMillimoles(total));
            var speciation = Equilibrium.Solve(2.4, citrate);
            var exchange = new MagnesiumExchange(SubstanceAmount.Zero, SubstanceAmount.FromMillimoles(removed), SubstanceAmount.FromMillimoles(returned));
            var baseline = SubstanceAmount.FromMillimoles(0.85 * volume.Liters);
            var end = MagnesiumKinetics.Step(state, speciation, Equilibrium, VolumeFlow.FromMillilitersPerMinute(50), 0.01, exchange, baseline, Duration.FromMinutes(minutes), out var f);
            var balance = f.Infused.Millimoles + f.Returned.Millimoles - f.Removed.Millimoles - f.RenalLoss.Millimoles + f.Exchanged.Millimoles;
            Assert.Equal(balance, (end.Total - state.Total).Millimoles, 1e-9 * (total + removed + returned + 10));
            Assert.True(f.RenalLoss.Millimoles >= 0);
            Assert.True(end.Total.Millimoles >= 0);
            var afterFlows = total + returned - removed - f.RenalLoss.Millimoles;
            Assert.True(Math.Sign(f.Exchanged.Millimoles) == Math.Sign(baseline.Millimoles - afterFlows) || Math.Abs(f.Exchanged.Millimoles) < 1e-12);
        });
    }
}

public sealed class MagnesiumInfusionTests
{
    [Fact]
    public void A_magnesium_infusion_holds_ionized_magnesium_up_and_is_read_written_and_edited()
    {
        string Json(string extra) => Leuka.Tests.Procedure.ProcedureEngineTests.Json(inlet: 70, ratio: 10, stop: """{ "duration": "120 min" }""", extraProcedure: extra);
        var without = new ProcedureEngine(Leuka.Tests.Procedure.ProcedureEngineTests.Load(Json("")), Leuka.Tests.Procedure.ProcedureEngineTests.Shared).RunToEnd();
        var scenario = Leuka.Tests.Procedure.ProcedureEngineTests.Load(Json(", \"magnesiumProphylaxis\": { \"infusion\": \"2 mmol/h\" }"));
        var with = new ProcedureEngine(scenario, Leuka.Tests.Procedure.ProcedureEngineTests.Shared).RunToEnd();
        Assert.True(with.Magnesium.NadirMmolPerL > without.Magnesium.NadirMmolPerL, $"{with.Magnesium.NadirMmolPerL} vs {without.Magnesium.NadirMmolPerL}");
        Assert.True(without.Magnesium.NadirMmolPerL < without.Magnesium.BaselineMmolPerL);
        Assert.Equal(2, ScenarioLoader.Load(ScenarioWriter.Write(scenario)).Scenario!.Procedure.MagnesiumInfusion!.Value.MillimolesPerHour, 9);
        var edited = ScenarioEdit.Parse("procedure.magnesiumProphylaxis.infusion", System.Text.Json.Nodes.JsonValue.Create("1 mmol/h")).Apply(scenario);
        Assert.Equal(1, edited.Procedure.MagnesiumInfusion!.Value.MillimolesPerHour, 9);
        var bad = ScenarioLoader.Load(Json(", \"magnesiumProphylaxis\": { \"infusion\": \"50 mmol/h\" }"));
        Assert.Contains(bad.Errors, e => e.Path == "procedure.magnesiumProphylaxis.infusion");
    }

    [Fact]
    public void Magnesium_per_ml_of_ac_follows_the_ac_pump_and_is_read_written_edited_and_refused_by_name()
    {
        // The NIH regimen: 0.2 mg of magnesium per mL of ACD-A (Haddad 2005), 8.23 mmol/L.
        string Json(int inlet, string extra) => Leuka.Tests.Procedure.ProcedureEngineTests.Json(inlet: inlet, ratio: 10, stop: """{ "duration": "120 min" }""", extraProcedure: extra);
        const string PerAc = ", \"magnesiumProphylaxis\": { \"perAc\": \"0.2 mg/mL\" }";
        var scenario = Leuka.Tests.Procedure.ProcedureEngineTests.Load(Json(70, PerAc));
        Assert.Equal(0.2 / 24.305 * 1000, scenario.Procedure.MagnesiumPerAc!.Value.MillimolesPerLiter, 9);
        var fast = new ProcedureEngine(scenario, Leuka.Tests.Procedure.ProcedureEngineTests.Shared).RunToEnd();
        var slow = new ProcedureEngine(Leuka.Tests.Procedure.ProcedureEngineTests.Load(Json(40, PerAc)), Leuka.Tests.Procedure.ProcedureEngineTests.Shared).RunToEnd();
        var none = new ProcedureEngine(Leuka.Tests.Procedure.ProcedureEngineTests.Load(Json(70, "")), Leuka.Tests.Procedure.ProcedureEngineTests.Shared).RunToEnd();
        foreach (var r in new[] { fast, slow })
        {
            Assert.Equal(r.Citrate.AcVolumeMl * 8.229 / 1000, r.Magnesium.GivenMmol, 0.02 * r.Magnesium.GivenMmol);
        }

        // A slower inlet pumps less AC in the same two hours, and so gives less magnesium.
        Assert.True(slow.Citrate.AcVolumeMl < 0.9 * fast.Citrate.AcVolumeMl && slow.Magnesium.GivenMmol < 0.9 * fast.Magnesium.GivenMmol, $"{slow.Magnesium.GivenMmol} vs {fast.Magnesium.GivenMmol}");
        Assert.Equal(0, none.Magnesium.GivenMmol);
        Assert.True(fast.Magnesium.NadirMmolPerL > none.Magnesium.NadirMmolPerL + 0.05, $"{fast.Magnesium.NadirMmolPerL} vs {none.Magnesium.NadirMmolPerL}");

        var reread = ScenarioLoader.Load(ScenarioWriter.Write(scenario)).Scenario!.Procedure;
        Assert.Equal(scenario.Procedure.MagnesiumPerAc, reread.MagnesiumPerAc);
        Assert.Null(reread.MagnesiumInfusion);
        var edited = ScenarioEdit.Parse("procedure.magnesiumProphylaxis.perAc", System.Text.Json.Nodes.JsonValue.Create("4 mmol/L")).Apply(scenario);
        Assert.Equal(4, edited.Procedure.MagnesiumPerAc!.Value.MillimolesPerLiter, 9);
        var continuous = ScenarioEdit.Parse("procedure.magnesiumProphylaxis.infusion", System.Text.Json.Nodes.JsonValue.Create("1 mmol/h")).Apply(scenario);
        Assert.Null(continuous.Procedure.MagnesiumPerAc);

        foreach (var (extra, path, says) in new[]
        {
            (", \"magnesiumProphylaxis\": { \"perAc\": \"0.2 mmol/h\" }", "procedure.magnesiumProphylaxis.perAc", "mg/mL"),
            (", \"magnesiumProphylaxis\": { \"perAc\": \"5 mg/mL\" }", "procedure.magnesiumProphylaxis.perAc", "outside"),
            (", \"magnesiumProphylaxis\": { \"perAc\": \"0.2 mg/mL\", \"infusion\": \"1 mmol/h\" }", "procedure.magnesiumProphylaxis", "one dose"),
            (", \"magnesiumProphylaxis\": { }", "procedure.magnesiumProphylaxis", "one dose"),
        })
        {
            var bad = ScenarioLoader.Load(Json(70, extra));
            Assert.Null(bad.Scenario);
            Assert.Contains(bad.Errors, e => e.Path == path && e.Message.Contains(says, StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Below_the_healthy_range_the_run_warns_and_the_plan_says_so_and_a_short_run_does_not()
    {
        string Json(string stop) => Leuka.Tests.Procedure.ProcedureEngineTests.Json(inlet: 70, ratio: 10, stop: stop);
        var scenario = Leuka.Tests.Procedure.ProcedureEngineTests.Load(Json("""{ "duration": "120 min" }"""));
        var r = new ProcedureEngine(scenario, Leuka.Tests.Procedure.ProcedureEngineTests.Shared).RunToEnd();
        Assert.True(r.Magnesium.NadirMmolPerL < ClinicalThresholds.IonizedMagnesiumFloor, $"{r.Magnesium.NadirMmolPerL}");
        Assert.Contains(r.Warnings, w => w.Code == Codes.MagnesiumLow.Name && w.Message.Contains(r.Magnesium.NadirMmolPerL.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal));
        var plan = new Leuka.Planning.Planner().Make(scenario);
        Assert.Contains(plan.Findings, f => f.Code == Codes.MagnesiumLow.Name && f.Severity == Leuka.Planning.FindingSeverity.Info);

        var brief = new ProcedureEngine(Leuka.Tests.Procedure.ProcedureEngineTests.Load(Json("""{ "duration": "10 min" }""")), Leuka.Tests.Procedure.ProcedureEngineTests.Shared).RunToEnd();
        Assert.True(brief.Magnesium.NadirMmolPerL >= ClinicalThresholds.IonizedMagnesiumFloor, $"{brief.Magnesium.NadirMmolPerL}");
        Assert.DoesNotContain(brief.Warnings, w => w.Code == Codes.MagnesiumLow.Name);
    }
}
