using CsCheck;
using Leuka.Physiology;
using Leuka.Quantities;
using Leuka.Tests.Procedure;

namespace Leuka.Tests.Physiology;

public sealed class HeparinTests
{
    [Fact]
    public void A_step_conserves_heparin_and_many_short_steps_equal_one_long_one()
    {
        Gen.Select(Gen.Double[0, 20000], Gen.Double[0, 5000], Gen.Double[0.01, 120], Gen.Int[2, 50], Gen.Double[20, 120]).Sample((units, given, minutes, parts, halfLife) =>
        {
            var once = HeparinKinetics.Step(units, given, halfLife, Duration.FromMinutes(minutes), out var eliminated);
            Assert.Equal(units + given, once + eliminated, 1e-9 * (units + given + 1));
            Assert.True(once >= 0 && eliminated >= -1e-9);
            var split = units;
            for (var i = 0; i < parts; i++)
            {
                split = HeparinKinetics.Step(split, given / parts, halfLife, Duration.FromMinutes(minutes / parts), out _);
            }

            Assert.Equal(once, split, 1e-9 * (units + given + 1));
        });
    }

    [Fact]
    public void A_bolus_halves_in_a_half_life_and_an_infusion_settles_at_rate_over_elimination()
    {
        Assert.Equal(1000, HeparinKinetics.Step(2000, 0, 35, Duration.FromMinutes(35), out _), 1e-9);
        var units = 0.0;
        for (var minute = 0; minute < 2000; minute++)
        {
            units = HeparinKinetics.Step(units, 20, 35, Duration.FromMinutes(1), out _);
        }

        Assert.Equal(20 / (Math.Log(2) / 35), units, 1e-6);
    }

    [Fact]
    public void The_half_life_is_35_min_at_70_kg_and_shorter_in_a_child_by_the_body_size_rule()
    {
        Assert.Equal(35, HeparinKinetics.HalfLifeMinutes(Mass.FromKilograms(70)), 12);
        Assert.Equal(35 * Math.Pow(20.0 / 70, 0.25), HeparinKinetics.HalfLifeMinutes(Mass.FromKilograms(20)), 12);
        Assert.True(HeparinKinetics.HalfLifeMinutes(Mass.FromKilograms(10)) < HeparinKinetics.HalfLifeMinutes(Mass.FromKilograms(100)));
    }

    private static string Json(string heparin = "", double ratio = 24, string stop = """{ "duration": "180 min" }""") =>
        ProcedureEngineTests.Json(kind: "cd34-collection", inlet: 70, ratio: ratio, stop: stop, extraProcedure: heparin);

    [Fact]
    public void Heparin_reaches_the_patient_with_the_ac_and_changes_nothing_else()
    {
        var without = new ProcedureEngine(ProcedureEngineTests.Load(Json()), ProcedureEngineTests.Shared).RunToEnd();
        var scenario = ProcedureEngineTests.Load(Json(""", "heparin": { "perAc": "6 IU/mL" }"""));
        var engine = new ProcedureEngine(scenario, ProcedureEngineTests.Shared);
        var with = engine.RunToEnd();
        var h = with.Heparin!;
        Assert.Null(without.Heparin);
        // What the AC pump carried, less the product's and the discarded share: as the citrate.
        var pumped = with.Citrate.AcVolumeMl * 6;
        Assert.Equal(pumped * with.Citrate.ToPatientMmol / (with.Citrate.AcVolumeMl * 112.8 / 1000), h.ToPatientUnits, 1e-6 * pumped);
        Assert.InRange(h.ToPatientUnits, 0.8 * pumped, pumped);
        Assert.Equal(0, h.BolusUnits);
        Assert.InRange(h.EndAntiXa, 0.05, h.PeakAntiXa);
        // Cleared (below 0.1 IU/mL) after log2(end / 0.1) half-lives: checked against the model's own decay.
        var after = HeparinKinetics.Step(h.EndAntiXa, 0, 35, Duration.FromMinutes(h.MinutesToClear), out _);
        Assert.Equal(HeparinKinetics.ClearedIuPerMl, after, 1e-9);
        foreach (var b in engine.Balances())
        {
            Assert.True(Math.Abs(b.In - b.Accounted) <= 1e-9 * Math.Max(b.Scale, 1e-6), $"{b.Name}: in {b.In} accounted {b.Accounted}");
        }

        // Heparin's own effects (bleeding, platelets) are not modelled: every other output is the same.
        Assert.Equal(without.IonizedCalcium, with.IonizedCalcium);
        Assert.Equal(without.Product, with.Product);
        Assert.Equal(without.Potassium, with.Potassium);
        Assert.Equal(without.FluidBalanceMl, with.FluidBalanceMl);
    }

    [Fact]
    public void The_level_is_proportional_to_the_dose_and_a_bolus_adds_to_it_then_washes_out()
    {
        HeparinSummary Run(string heparin) => new ProcedureEngine(ProcedureEngineTests.Load(Json(heparin)), ProcedureEngineTests.Shared).RunToEnd().Heparin!;
        var six = Run(""", "heparin": { "perAc": "6 IU/mL" }""");
        var twelve = Run(""", "heparin": { "perAc": "12 IU/mL" }""");
        Assert.Equal(2 * six.EndAntiXa, twelve.EndAntiXa, 1e-6);
        var bolus = Run(""", "heparin": { "perAc": "6 IU/mL", "bolus": "40 IU/kg" }""");
        Assert.Equal(40 * 70, bolus.BolusUnits, 9);
        Assert.True(bolus.PeakAntiXa > 2 * six.PeakAntiXa, $"{bolus.PeakAntiXa} vs {six.PeakAntiXa}");
        // Three hours is five half-lives: the bolus is nearly gone by the end.
        Assert.InRange(bolus.EndAntiXa - six.EndAntiXa, 0, 0.05 * bolus.PeakAntiXa);
        var fixedBolus = Run(""", "heparin": { "perAc": "6 IU/mL", "bolus": "2800 IU" }""");
        Assert.Equal(bolus.PeakAntiXa, fixedBolus.PeakAntiXa, 12);
    }

    [Fact]
    public void A_level_above_the_therapeutic_range_is_a_warning_and_a_ratio_above_15_with_heparin_is_not()
    {
        var high = new ProcedureEngine(ProcedureEngineTests.Load(Json(""", "heparin": { "perAc": "6 IU/mL", "bolus": "100 IU/kg" }""")), ProcedureEngineTests.Shared).RunToEnd();
        Assert.Contains(high.Warnings, w => w.Code == Codes.HeparinHigh.Name);
        var usual = new ProcedureEngine(ProcedureEngineTests.Load(Json(""", "heparin": { "perAc": "6 IU/mL" }""")), ProcedureEngineTests.Shared).RunToEnd();
        Assert.DoesNotContain(usual.Warnings, w => w.Code == Codes.HeparinHigh.Name);
        Assert.DoesNotContain(ScenarioLoader.Load(Json(""", "heparin": { "perAc": "6 IU/mL" }""")).Warnings, w => w.Code == Codes.AcRatioUnusual.Name);
        Assert.Contains(ScenarioLoader.Load(Json()).Warnings, w => w.Code == Codes.AcRatioUnusual.Name);
    }

    [Theory]
    [InlineData(""", "heparin": { "perAc": 6 }""", "procedure.heparin.perAc", "no unit")]
    [InlineData(""", "heparin": { "perAc": "6 mg/mL" }""", "procedure.heparin.perAc", "IU/mL")]
    [InlineData(""", "heparin": { "perAc": "30 IU/mL" }""", "procedure.heparin.perAc", "outside")]
    [InlineData(""", "heparin": { "bolus": "2000 IU" }""", "procedure.heparin.perAc", "required")]
    [InlineData(""", "heparin": { "perAc": "6 IU/mL", "bolus": "40 mg/kg" }""", "procedure.heparin.bolus", "IU/kg")]
    [InlineData(""", "heparin": { "perAc": "6 IU/mL", "bolus": "20000 IU" }""", "procedure.heparin.bolus", "outside")]
    [InlineData(""", "heparin": { "perAc": "6 IU/mL", "flush": "1 mL" }""", "procedure.heparin.flush", "")]
    [InlineData(""", "heparin": { "perAc": "0 IU/mL" }""", "procedure.heparin.perAc", "leave procedure.heparin out")]
    [InlineData(""", "heparin": { "perAc": "6 IU/mL", "bolus": 40 }""", "procedure.heparin.bolus", "IU/kg")]
    [InlineData(""", "heparin": { "perAc": "6 IU/mL", "bolus": "40 mg" }""", "procedure.heparin.bolus", "\"40 IU/kg\"")]
    public void Bad_heparin_is_refused_by_name(string heparin, string path, string says)
    {
        var result = ScenarioLoader.Load(Json(heparin));
        Assert.Null(result.Scenario);
        Assert.Contains(result.Errors, e => e.Path == path && e.Message.Contains(says, StringComparison.Ordinal));
    }

    [Fact]
    public void While_the_pumps_stand_nothing_arrives_and_the_level_falls_at_the_half_life()
    {
        var json = ProcedureEngineTests.Json(kind: "cd34-collection", inlet: 70, ratio: 24, stop: """{ "duration": "180 min" }""",
            events: """[{ "at": "60 min", "pause": { "reason": "test" } }, { "at": "85 min", "resume": {} }]""", extraProcedure: """, "heparin": { "perAc": "6 IU/mL" }""");
        var engine = new ProcedureEngine(ProcedureEngineTests.Load(json), ProcedureEngineTests.Shared);
        engine.RunToEnd();
        double At(double minute) => engine.Rows.MinBy(r => Math.Abs(r.TimeMin - minute))!.AntiXa;
        // 25 min at a 35-min half-life (70 kg): 2^(−25/35) = 0.61; the plasma moves only a little while the pumps stand.
        Assert.InRange(At(85) / At(60), 0.59, 0.63);
        Assert.True(At(110) > At(85), "the level rises again once the AC runs");
    }

    [Fact]
    public void Each_day_of_a_course_is_its_own_connection_with_its_own_bolus()
    {
        var json = Json(""", "heparin": { "perAc": "6 IU/mL", "bolus": "2000 IU" }""", stop: """{ "duration": "90 min" }""");
        var course = Leuka.Planning.CourseRunner.Run(ProcedureEngineTests.Load(json.Insert(json.LastIndexOf('}'), """, "course": { "days": 2 }""")), ProcedureEngineTests.Shared);
        Assert.Equal(2, course.Days.Count);
        Assert.All(course.Days, d => Assert.Equal(2000, d.Result.Heparin!.BolusUnits, 9));
        // A day later the first day's heparin is gone: the second day's level is its own.
        Assert.Equal(course.Days[0].Result.Heparin!.PeakAntiXa, course.Days[1].Result.Heparin!.PeakAntiXa, 0.05);
    }

    [Fact]
    public void Without_heparin_its_fields_are_not_numbers_so_no_check_passes_for_nothing()
    {
        var r = new ProcedureEngine(ProcedureEngineTests.Load(Json()), ProcedureEngineTests.Shared).RunToEnd();
        Assert.True(double.IsNaN(SummaryFields.Value(r, "heparin.endAntiXaIuPerMl")));
        Assert.DoesNotContain("\"heparin\"", SummaryJson.Write(r), StringComparison.Ordinal);
    }

    [Fact]
    public void A_citrate_infusion_has_no_anticoagulant_to_add_heparin_to()
    {
        const string Infusion = """
            { "name": "x", "patient": { "sex": "male", "ageYears": 60, "height": "175 cm", "weight": "70 kg",
              "labs": { "wbc": "8 x10^9/L", "hematocrit": "40 %", "platelets": "220 x10^9/L" } },
              "procedure": { "kind": "citrate-infusion", "citrateInfusion": { "rate": "0.5 mmol/kg/h", "for": "2 h" }, "stop": { "duration": "4 h" }, "heparin": { "perAc": "6 IU/mL" } },
              "seed": 1 }
            """;
        var result = ScenarioLoader.Load(Infusion);
        Assert.Null(result.Scenario);
        Assert.Contains(result.Errors, e => e.Path == "procedure.heparin");
        var infusion = ProcedureEngineTests.Load(Infusion.Replace(""", "heparin": { "perAc": "6 IU/mL" }""", "", StringComparison.Ordinal));
        var edit = ScenarioEdit.Parse("procedure.heparin.perAc", System.Text.Json.Nodes.JsonValue.Create("6 IU/mL"));
        Assert.Contains("citrate infusion", Assert.Throws<FormatException>(() => edit.Apply(infusion)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Heparin_is_written_back_and_edited_by_sweeps()
    {
        var scenario = ProcedureEngineTests.Load(Json(""", "heparin": { "perAc": "6 IU/mL", "bolus": "40 IU/kg" }"""));
        var back = ScenarioLoader.Load(ScenarioWriter.Write(scenario)).Scenario!.Procedure.Heparin!;
        Assert.Equal(6, back.PerAc.InternationalUnitsPerMilliliter, 12);
        Assert.Equal(40, back.BolusPerKg!.Value.InternationalUnitsPerKilogram, 12);
        Assert.Null(back.Bolus);
        var edited = ScenarioEdit.Parse("procedure.heparin.perAc", System.Text.Json.Nodes.JsonValue.Create("3 IU/mL")).Apply(scenario);
        Assert.Equal(3, edited.Procedure.Heparin!.PerAc.InternationalUnitsPerMilliliter, 12);
        Assert.Equal(40, edited.Procedure.Heparin.BolusPerKg!.Value.InternationalUnitsPerKilogram, 12);
        var added = ScenarioEdit.Parse("procedure.heparin.perAc", System.Text.Json.Nodes.JsonValue.Create("5 U/mL")).Apply(ProcedureEngineTests.Load(Json()));
        Assert.Equal(5, added.Procedure.Heparin!.PerAc.InternationalUnitsPerMilliliter, 12);
        var units = ScenarioEdit.Parse("procedure.heparin.bolus", System.Text.Json.Nodes.JsonValue.Create("2500 IU")).Apply(scenario).Procedure.Heparin!;
        Assert.Equal(2500, units.Bolus!.Value.InternationalUnits, 12);
        Assert.Null(units.BolusPerKg);
        Assert.Equal(20, ScenarioEdit.Parse("procedure.heparin.bolus", System.Text.Json.Nodes.JsonValue.Create("20 IU/kg")).Apply(scenario).Procedure.Heparin!.BolusPerKg!.Value.InternationalUnitsPerKilogram, 12);
        var noHeparin = ScenarioEdit.Parse("procedure.heparin.bolus", System.Text.Json.Nodes.JsonValue.Create("2500 IU"));
        Assert.Contains("procedure.heparin.perAc", Assert.Throws<FormatException>(() => noHeparin.Apply(ProcedureEngineTests.Load(Json()))).Message, StringComparison.Ordinal);
        Assert.Contains("IU/kg", Assert.Throws<FormatException>(() => ScenarioEdit.Parse("procedure.heparin.bolus", System.Text.Json.Nodes.JsonValue.Create("40 mg"))).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new HeparinRegimen(ActivityConcentration.FromInternationalUnitsPerMilliliter(6), Activity.FromInternationalUnits(1000), ActivityPerBodyMass.FromInternationalUnitsPerKilogram(10)));
    }
}
