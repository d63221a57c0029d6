using Leuka.Planning;
using Leuka.Separation;
using Leuka.Testing;
using Leuka.Tests.Procedure;

namespace Leuka.Tests.Planning;

public sealed class PlannerTests
{
    private static readonly SeparatorCache Cache = new(SeparatorModel.Default);

    private static Plan Make(string json, PlanOptions? options = null) => new Planner(Cache).Make(ProcedureEngineTests.Load(json), options);

    private static string Example(string name) => File.ReadAllText(RepositoryFiles.Example(name));

    private static string Aml(string stop, string extraLabs = "") => ProcedureEngineTests.Json(
        kg: 70, hct: 28, wbc: 250, blasts: 85, platelets: 80, kind: "leukocyte-depletion", inlet: 55, collect: 3.5, stop: stop, extraLabs: extraLabs);

    [Fact]
    public void A_small_first_time_woman_gets_the_vasovagal_finding_and_a_large_repeat_one_does_not()
    {
        string Donor(double kg, int prior) => ProcedureEngineTests.Json(kg: kg, inlet: 40, stop: """{ "duration": "30 min" }""")
            .Replace($"\"weight\": \"{kg} kg\",", $"\"weight\": \"{kg} kg\", \"priorProcedures\": {prior},", StringComparison.Ordinal);
        var small = Make(Donor(45, 0));
        var finding = Assert.Single(small.Findings, f => f.Code == Codes.VasovagalRisk.Name);
        Assert.True(finding.Value >= 10, $"{finding.Value}");
        Assert.DoesNotContain(Make(Donor(80, 3)).Findings, f => f.Code == Codes.VasovagalRisk.Name);
    }

    [Fact]
    public void A_plans_predicted_outcome_is_exactly_what_simulate_gives_with_its_settings()
    {
        var plan = Make(Example("car-t-lymphocyte-collection.json"));
        Assert.True(plan.Feasible, plan.Reason);
        var day = Assert.Single(plan.Days);
        var result = new ProcedureEngine(ProcedureEngineTests.Load(ScenarioWriter.Write(day.Scenario)), new SeparatorCache(SeparatorModel.Default)).RunToEnd();
        Assert.Equal(SummaryJson.Write(day.Predicted), SummaryJson.Write(result));
        Assert.True(result.Product.Cd3E9 >= 2, "the planned volume reaches the CD3 target");
        Assert.True(plan.Simulations >= 5, "bisection over the simulator");
    }

    [Fact]
    public void A_stricter_target_never_needs_less_blood_processed()
    {
        double Volume(string json) => Make(json).Days.Sum(d => d.Predicted.ProcessedVolumeL);
        var loose = Volume(Aml("""{ "targetPostWbc": "150 x10^9/L" }"""));
        var strict = Volume(Aml("""{ "targetPostWbc": "120 x10^9/L" }"""));
        var stricter = Volume(Aml("""{ "targetPostWbc": "100 x10^9/L" }"""));
        Assert.True(loose <= strict && strict <= stricter, $"{loose} ≤ {strict} ≤ {stricter}");

        var cd34Low = Volume(ProcedureEngineTests.Json(wbc: 30, kind: "cd34-collection", inlet: 70, stop: """{ "targetCd34Dose": "2 x10^6/kg" }"""));
        var cd34High = Volume(ProcedureEngineTests.Json(wbc: 30, kind: "cd34-collection", inlet: 70, stop: """{ "targetCd34Dose": "3 x10^6/kg" }"""));
        Assert.True(cd34Low < cd34High, $"{cd34Low} < {cd34High}");
    }

    [Fact]
    public void A_white_count_target_reached_in_one_procedure_lands_on_the_target()
    {
        var plan = Make(Aml("""{ "targetPostWbc": "150 x10^9/L" }"""));
        Assert.True(plan.Feasible, plan.Reason);
        var post = Assert.Single(plan.Days).Predicted.Wbc.Post;
        Assert.InRange(post, 150 * 0.97, 150.0);
    }

    [Fact]
    public void A_CD34_dose_far_above_what_the_blood_holds_has_no_plan_and_says_what_would_be_needed()
    {
        var plan = Make(ProcedureEngineTests.Json(wbc: 30, kind: "cd34-collection", inlet: 70, stop: """{ "targetCd34Dose": "40 x10^6/kg" }""", extraLabs: ""));
        Assert.False(plan.Feasible);
        Assert.Equal(4, plan.Days.Count);
        Assert.Contains("days at this yield", plan.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void When_one_procedure_is_not_enough_consecutive_days_use_the_next_mornings_predicted_counts()
    {
        var plan = Make(Aml("""{ "targetPostWbc": "40 x10^9/L" }"""));
        Assert.True(plan.Days.Count >= 2, plan.Reason);
        var day1 = plan.Days[0].Predicted;
        var day2 = plan.Days[1].Predicted;
        // Overnight the blasts refill from the reservoir and regrow: day 2 starts above day 1's end.
        Assert.True(day2.Wbc.Pre > day1.Wbc.Post);
        Assert.True(day2.Wbc.Pre < day1.Wbc.Pre);
    }

    private static IEnumerable<Finding> Findings(string json, PlanOptions? options = null) => Make(json, options).Findings;

    [Fact]
    public void The_extracorporeal_volume_finding_fires_above_15_percent_of_TBV_with_a_saline_prime_only()
    {
        // 185 mL set: 15 % of TBV at about 1.23 L.
        string Child(double kg, string prime) => ProcedureEngineTests.Json(kg: kg, wbc: 8, kind: "mnc-collection", inlet: 20, prime: prime, stop: """{ "duration": "60 min" }""");
        Assert.Contains(Findings(Child(14, "saline")), f => f.Code == "ecv-high" && f.Value > 15);
        Assert.DoesNotContain(Findings(Child(14, "red-cells")), f => f.Code == "ecv-high");
        Assert.DoesNotContain(Findings(Child(25, "saline")), f => f.Code == "ecv-high");
    }

    [Fact]
    public void The_platelet_floor_is_20_or_50_with_bleeding_risk_and_makes_the_plan_unsafe()
    {
        var json = Aml("""{ "bloodVolumes": 2 }""").Replace("\"80 x10^9/L\"", "\"40 x10^9/L\"", StringComparison.Ordinal);
        var plain = Make(json);
        Assert.DoesNotContain(plain.Findings, f => f.Code == "platelets-floor");
        var bleeding = Make(json, new PlanOptions(BleedingRisk: true));
        var finding = Assert.Single(bleeding.Findings, f => f.Code == "platelets-floor");
        Assert.Equal(50, finding.Threshold);
        Assert.True(finding.Value < 50);
        Assert.False(bleeding.Feasible);
        Assert.Contains("platelets", bleeding.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Hyperleukocytosis_with_Hb_above_10_warns_against_transfusion_and_not_at_10()
    {
        Assert.Contains(Findings(Aml("""{ "bloodVolumes": 1 }""", ", \"hemoglobin\": \"10.5 g/dL\"")), f => f.Code == "hyperviscosity-transfusion");
        Assert.DoesNotContain(Findings(Aml("""{ "bloodVolumes": 1 }""", ", \"hemoglobin\": \"10 g/dL\"")), f => f.Code == "hyperviscosity-transfusion");
    }

    [Fact]
    public void A_peripheral_vein_that_cannot_give_the_flow_calls_for_a_catheter()
    {
        string Json(string access, double inlet) => ProcedureEngineTests.Json(inlet: inlet, ratio: 20, access: access, stop: """{ "duration": "30 min" }""");
        Assert.Contains(Findings(Json("peripheral", 90)), f => f.Code == "access-catheter");
        Assert.DoesNotContain(Findings(Json("peripheral", 45)), f => f.Code == "access-catheter");
        Assert.DoesNotContain(Findings(Json("central-venous-catheter", 90)), f => f.Code == "access-catheter");
    }

    [Fact]
    public void Very_low_weight_brings_extra_cautions_below_20_kg()
    {
        string Child(double kg) => ProcedureEngineTests.Json(kg: kg, wbc: 8, inlet: 20, prime: "red-cells", stop: """{ "duration": "30 min" }""");
        Assert.Contains(Findings(Child(19)), f => f.Code == "low-weight");
        Assert.DoesNotContain(Findings(Child(20)), f => f.Code == "low-weight");
    }

    [Fact]
    public void A_calcium_nadir_below_0_9_gets_the_prophylaxis_dose_that_keeps_it_above()
    {
        var plan = Make(ProcedureEngineTests.Json(kg: 50, inlet: 70, ratio: 10, stop: """{ "duration": "150 min" }"""));
        var finding = Assert.Single(plan.Findings, f => f.Code == "calcium-prophylaxis");
        Assert.True(finding.Value < 0.9);
        Assert.True(plan.Days[0].Predicted.IonizedCalcium.NadirMmolPerL >= 0.9);
        Assert.True(ProcedureEngineTests.Load(ScenarioWriter.Write(plan.Days[0].Scenario)).Procedure.CalciumProphylaxis.Infusion.MillimolesPerHour > 0);

        var mild = Make(ProcedureEngineTests.Json(kg: 80, inlet: 40, ratio: 14, stop: """{ "duration": "60 min" }"""));
        Assert.DoesNotContain(mild.Findings, f => f.Code is "calcium-prophylaxis" or "calcium-nadir");
    }

    [Fact]
    public void A_short_last_day_is_pointed_out_and_a_longer_limit_plans_one_day()
    {
        var json = Example("myeloma-autologous-cd34.json");
        var plan = Make(json);
        Assert.Equal(2, plan.Days.Count);
        var finding = Assert.Single(plan.Findings, f => f.Code == "short-last-day");
        Assert.Equal(FindingSeverity.Info, finding.Severity);
        Assert.True(plan.Feasible);
        Assert.Single(Make(json, new PlanOptions(MaxHours: 6.5)).Days);
    }

    [Fact]
    public void Every_shipped_example_has_a_plan()
    {
        foreach (var file in RepositoryFiles.Examples())
        {
            var plan = Make(File.ReadAllText(file));
            Assert.NotEmpty(plan.Days);
            Assert.False(string.IsNullOrWhiteSpace(plan.Reason));
        }
    }
}
