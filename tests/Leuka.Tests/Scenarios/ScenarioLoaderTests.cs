using System.Text.Json.Nodes;
using Leuka.Patients;

using Leuka.Testing;

namespace Leuka.Tests.Scenarios;

public sealed partial class ScenarioLoaderTests
{
    public static TheoryData<string> Examples => new(RepositoryFiles.Examples().Select(Path.GetFileName)!);

    [Theory]
    [MemberData(nameof(Examples))]
    public void Every_shipped_example_is_valid(string file)
    {
        var result = ScenarioLoader.LoadFile(Path.Combine(RepositoryFiles.Root, "examples", file));
        Assert.Empty(result.Errors);
        Assert.True(result.IsValid);
    }

    [Fact]
    public void There_are_at_least_five_examples() => Assert.True(RepositoryFiles.Examples().Length >= 5);

    [Fact]
    public void The_spec_example_loads_into_records()
    {
        var scenario = Load(Minimal()).Scenario!;
        Assert.Equal(Sex.Female, scenario.Patient.Sex);
        Assert.Equal(250, scenario.Patient.Labs.Wbc.E9PerLiter);
        Assert.Equal(28, scenario.Patient.Labs.Hematocrit.Percent);
        Assert.Equal(85, scenario.Patient.Labs.Differential.Blasts.Percent);
        Assert.Equal(1.2, scenario.Patient.Labs.IonizedCalcium!.Value.MillimolesPerLiter, 1e-12);
        Assert.Equal(ProcedureKind.LeukocyteDepletion, scenario.Procedure.Kind);
        Assert.Equal(60, scenario.Procedure.InletFlow.MillilitersPerMinute);
        Assert.Equal(5, scenario.Procedure.AcFlow.MillilitersPerMinute, 1e-12);
        Assert.Equal(new BloodVolumesStop(2), scenario.Procedure.Stop);
        Assert.Equal(1.8, scenario.Procedure.CalciumProphylaxis.Infusion.MillimolesPerHour, 1e-12);
        Assert.Equal(2, scenario.Events.Count);
        Assert.IsType<SetAction>(scenario.Events[0].Action);
        Assert.Equal(2.3, ((GiveAction)scenario.Events[1].Action).Calcium.Millimoles, 1e-12);
        Assert.Equal(1, scenario.Seed);
    }

    [Fact]
    public void Settings_left_out_take_the_kind_defaults_and_are_listed()
    {
        var json = Minimal();
        json["procedure"] = new JsonObject { ["kind"] = "mnc-collection" };
        var result = Load(json);
        var p = result.Scenario!.Procedure;
        Assert.Equal(ProtocolDefaults.For(ProcedureKind.MncCollection).InletFlow, p.InletFlow);
        Assert.Equal(0.8, p.AcInfusionRateLimit.MillilitersPerMinutePerLiter);
        Assert.Equal(PrimeFluid.Saline, p.Prime);
        Assert.Contains("inletFlow", p.Defaulted);
        Assert.Contains("stop", p.Defaulted);
        Assert.Contains(result.Warnings, w => w.Code == "stop-defaulted");
    }

    [Fact]
    public void Events_are_sorted_by_time_keeping_file_order_for_ties()
    {
        var json = Minimal();
        json["events"] = JsonNode.Parse("""
            [ { "at": "2 h", "pause": { "reason": "second" } },
              { "at": "30 min", "resume": {} },
              { "at": "120 min", "fault": { "type": "access-occluded", "duration": "2 min" } } ]
            """);
        var events = Load(json).Scenario!.Events;
        Assert.IsType<ResumeAction>(events[0].Action);
        Assert.Equal(new PauseAction("second"), events[1].Action);
        Assert.Equal(new FaultAction(FaultKind.AccessOccluded, Leuka.Quantities.Duration.FromMinutes(2)), events[2].Action);
    }

    [Fact]
    public void A_measured_blood_volume_in_liters()
    {
        var json = Minimal();
        json["patient"]!["bloodVolume"] = JsonNode.Parse("""{ "liters": 5.1, "expansionFactor": 1.2 }""");
        var patient = Load(json).Scenario!.Patient;
        Assert.Equal(BloodVolumeMethod.Measured, patient.BloodVolume.Method);
        Assert.Equal(6.12, BloodVolume.Estimate(patient).Total.Liters, 1e-12);
    }

    [Fact]
    public void A_missing_differential_is_normal_without_a_leukaemia_typical_for_a_diagnosis_and_refused_for_a_leukaemic_count_without_one()
    {
        var json = Minimal();
        json["patient"]!["labs"]!.AsObject().Remove("differential");
        json["patient"]!.AsObject().Remove("diagnosis");
        json["patient"]!["labs"]!["wbc"] = "8 x10^9/L";
        var normal = Load(json);
        Assert.True(normal.Scenario!.Patient.Labs.DifferentialAssumed);
        Assert.Equal(Differential.Normal, normal.Scenario.Patient.Labs.Differential);
        Assert.Contains(normal.Warnings, w => w.Code == "differential-assumed" && w.Message.Contains("a normal one", StringComparison.Ordinal));

        json["patient"]!["labs"]!["wbc"] = "180 x10^9/L";
        var refused = Load(json);
        var error = Assert.Single(refused.Errors);
        Assert.Equal("patient.labs.differential", error.Path);
        Assert.Contains("patient.diagnosis", error.Message, StringComparison.Ordinal);

        json["patient"]!["diagnosis"] = "aml";
        var aml = Load(json);
        Assert.True(aml.IsValid, string.Join("; ", aml.Errors));
        Assert.Equal(75, aml.Scenario!.Patient.Labs.Differential.Blasts.Percent, 9);
        Assert.Equal(100, aml.Scenario.Patient.Labs.Differential.Total.Percent, 9);
        Assert.Contains(aml.Warnings, w => w.Code == "differential-assumed" && w.Message.Contains("AML", StringComparison.Ordinal) && w.Message.Contains("blasts 75 %", StringComparison.Ordinal));
        foreach (var d in Enum.GetValues<Diagnosis>())
        {
            Assert.Equal(100, Differential.TypicalFor(d).Total.Percent, 9);
        }
    }

    [Theory]
    [InlineData("platelets", "15 x10^9/L", "platelets-low")]
    [InlineData("wbc", "150 x10^9/L", "hyperleukocytosis")]
    [InlineData("ionizedCalcium", "1.02 mmol/L", "ionized-calcium-low")]
    [InlineData("hematocrit", "18 %", "hematocrit-low")]
    public void Values_outside_typical_ranges_are_accepted_with_a_warning(string lab, string value, string code)
    {
        var json = Minimal();
        json["patient"]!["labs"]![lab] = value;
        var result = Load(json);
        Assert.True(result.IsValid);
        Assert.Contains(result.Warnings, w => w.Code == code && w.Path == $"patient.labs.{lab}");
    }

    [Theory]
    [InlineData("platelets", "20 x10^9/L", "platelets-low")]
    [InlineData("wbc", "100 x10^9/L", "hyperleukocytosis")]
    public void Warnings_fire_beyond_their_threshold_not_at_it(string lab, string value, string code)
    {
        var json = Minimal();
        json["patient"]!["labs"]![lab] = value;
        Assert.DoesNotContain(Load(json).Warnings, w => w.Code == code);
    }

    [Fact]
    public void The_engine_lowering_inlet_flow_for_the_AC_limit_is_announced()
    {
        // Spec example: 60 mL/min at 1:12 is 5 mL/min AC; 1.0 mL/min/L × 4.10 L allows 4.10.
        var warning = Assert.Single(Load(Minimal()).Warnings, w => w.Code == "ac-rate-limit");
        Assert.Contains("lower the inlet flow to 49.2 mL/min", warning.Message, StringComparison.Ordinal);
    }

    internal static ScenarioLoadResult Load(JsonNode json) => ScenarioLoader.Load(json.ToJsonString());

    // The example of docs/reference/scenario.md §2.
    internal static JsonNode Minimal() => JsonNode.Parse("""
        {
          "name": "Adult AML with hyperleukocytosis, 2 blood volumes",
          "patient": {
            "sex": "female", "ageYears": 54, "height": "165 cm", "weight": "70 kg",
            "bloodVolume": { "method": "nadler", "expansionFactor": 1.0 },
            "labs": {
              "wbc": "250 x10^9/L", "hematocrit": "28 %", "platelets": "60 x10^9/L",
              "differential": { "blasts": "85 %", "neutrophils": "8 %", "lymphocytes": "5 %", "monocytes": "2 %" },
              "cd34": "15 /uL", "ionizedCalcium": "1.20 mmol/L"
            }
          },
          "procedure": {
            "kind": "leukocyte-depletion", "inletFlow": "60 mL/min", "inletToAcRatio": 12,
            "collectFlow": "1.5 mL/min", "acInfusionRateLimit": "1.0 mL/min/L",
            "stop": { "bloodVolumes": 2 }, "calciumProphylaxis": { "infusion": "1.8 mmol/h" },
            "prime": "saline", "access": "central-venous-catheter"
          },
          "events": [
            { "at": "60 min", "set": { "inletFlow": "45 mL/min" } },
            { "at": "90 min", "give": { "calciumGluconate10Percent": "10 mL" } }
          ],
          "seed": 1
        }
        """)!;
}
