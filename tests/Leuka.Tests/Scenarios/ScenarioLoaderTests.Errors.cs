using System.Text.Json.Nodes;

namespace Leuka.Tests.Scenarios;

public sealed partial class ScenarioLoaderTests
{
    [Fact]
    public void A_bare_number_for_a_quantity_names_the_field_and_shows_how_to_write_it()
    {
        var json = Minimal();
        json["patient"]!["labs"]!["wbc"] = 150000;
        var error = Assert.Single(Load(json).Errors);
        Assert.Equal("patient.labs.wbc", error.Path);
        Assert.StartsWith("\"150000\" has no unit; write cell concentration as a string with its unit, e.g. \"150 x10^9/L\"", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_unit_of_the_wrong_kind_is_an_error()
    {
        var json = Minimal();
        json["procedure"]!["inletFlow"] = "60 mL";
        var error = Assert.Single(Load(json).Errors);
        Assert.Equal("procedure.inletFlow", error.Path);
        Assert.Contains("is a unit of volume, not of volume flow", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_fields_are_errors_with_a_suggestion()
    {
        var json = Minimal();
        json["patient"]!["labs"]!["wcb"] = "5 x10^9/L";
        var error = Assert.Single(Load(json).Errors);
        Assert.Equal("patient.labs.wcb", error.Path);
        Assert.Contains("did you mean \"wbc\"?", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_required_fields_are_errors()
    {
        var json = Minimal();
        json["patient"]!.AsObject().Remove("weight");
        json["patient"]!["labs"]!.AsObject().Remove("hematocrit");
        json["procedure"]!.AsObject().Remove("kind");
        var paths = Load(json).Errors.Select(e => e.Path).ToArray();
        Assert.Equal(["patient.weight", "patient.labs.hematocrit", "procedure.kind"], paths);
    }

    [Fact]
    public void Every_problem_is_reported_at_once_in_file_order()
    {
        var json = Minimal();
        json["name"] = 7;
        json["patient"]!["sex"] = "x";
        json["patient"]!["height"] = "1650 cm";
        json["patient"]!["labs"]!["platelets"] = "60";
        json["procedure"]!["inletToAcRatio"] = "12";
        json["events"]![0]!["at"] = "60 mL";
        json["seed"] = 1.5;
        var errors = Load(json).Errors;
        Assert.Equal(["name", "patient.sex", "patient.height", "patient.labs.platelets", "procedure.inletToAcRatio", "events[0].at", "seed"], errors.Select(e => e.Path));
        Assert.All(errors, e => Assert.Matches("^[^;]+; .+$", e.Message));
    }

    [Fact]
    public void A_differential_must_sum_to_100_percent_within_2()
    {
        var json = Minimal();
        json["patient"]!["labs"]!["differential"]!["blasts"] = "80 %";
        var error = Assert.Single(Load(json).Errors);
        Assert.Equal("patient.labs.differential", error.Path);
        Assert.Contains("sum to 95 %", error.Message, StringComparison.Ordinal);

        json["patient"]!["labs"]!["differential"]!["blasts"] = "83.5 %";
        Assert.True(Load(json).IsValid);
    }

    [Theory]
    [InlineData("patient", "height", "400 cm")]
    [InlineData("patient", "weight", "0.1 kg")]
    [InlineData("labs", "wbc", "5000 x10^9/L")]
    [InlineData("labs", "hematocrit", "90 %")]
    [InlineData("labs", "ionizedCalcium", "12 mmol/L")]
    [InlineData("procedure", "inletFlow", "500 mL/min")]
    [InlineData("procedure", "acInfusionRateLimit", "2 mL/min/L")]
    [InlineData("procedure", "collectFlow", "-1 mL/min")]
    public void Values_outside_hard_physiological_limits_are_errors(string where, string field, string value)
    {
        var json = Minimal();
        var node = where == "labs" ? json["patient"]!["labs"]! : json[where]!;
        node[field] = value;
        var error = Assert.Single(Load(json).Errors);
        Assert.EndsWith(field, error.Path, StringComparison.Ordinal);
        Assert.Contains("outside the accepted range", error.Message, StringComparison.Ordinal);
        Assert.Contains("write a value from", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Numbers_too_large_to_represent_are_not_finite()
    {
        var text = Minimal().ToJsonString().Replace("\"ageYears\":54", "\"ageYears\":1e999", StringComparison.Ordinal);
        var error = Assert.Single(ScenarioLoader.Load(text).Errors);
        Assert.Equal("patient.ageYears", error.Path);
        Assert.Contains("not a finite number", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Malformed_json_gets_line_and_column()
    {
        var error = Assert.Single(ScenarioLoader.Load("{\n  \"name\": \"x\",\n  \"patient\": { \"sex\": \"female\" \n  \"ageYears\": 3 }\n}").Errors);
        Assert.Equal("$", error.Path);
        Assert.Contains("malformed JSON at line 4, column 3", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Duplicate_fields_are_errors()
    {
        var text = Minimal().ToJsonString().Replace("\"sex\":\"female\"", "\"sex\":\"female\",\"sex\":\"male\"", StringComparison.Ordinal);
        var error = Assert.Single(ScenarioLoader.Load(text).Errors);
        Assert.Equal("patient.sex", error.Path);
        Assert.Contains("more than once", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Stop_takes_exactly_one_condition()
    {
        var json = Minimal();
        json["procedure"]!["stop"] = JsonNode.Parse("""{ "bloodVolumes": 2, "duration": "3 h" }""");
        var error = Assert.Single(Load(json).Errors);
        Assert.Equal("procedure.stop", error.Path);
        Assert.Contains("exactly one of", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Targets_that_cannot_be_predicted_or_are_already_met_are_errors()
    {
        var json = Minimal();
        json["procedure"]!["stop"] = JsonNode.Parse("""{ "targetPostWbc": "300 x10^9/L" }""");
        Assert.Contains("not below the pre-procedure WBC", Assert.Single(Load(json).Errors).Message, StringComparison.Ordinal);

        json["procedure"]!["stop"] = JsonNode.Parse("""{ "targetCd3Yield": "2 x10^9" }""");
        Assert.Contains("add patient.labs.cd3", Assert.Single(Load(json).Errors).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_subset_larger_than_the_whole_wbc_is_an_error()
    {
        var json = Minimal();
        json["patient"]!["labs"]!["cd34"] = "300 x10^9/L";
        var error = Assert.Single(Load(json).Errors);
        Assert.Equal("patient.labs.cd34", error.Path);
    }

    [Fact]
    public void Ionized_calcium_in_mg_per_dL_is_read_as_calcium()
    {
        var json = Minimal();
        json["patient"]!["labs"]!["ionizedCalcium"] = "4.81 mg/dL";
        Assert.Equal(1.2, Load(json).Scenario!.Patient.Labs.IonizedCalcium!.Value.MillimolesPerLiter, 1e-3);
    }

    [Fact]
    public void A_missing_file_is_an_input_error()
    {
        var error = Assert.Single(ScenarioLoader.LoadFile("/no/such/scenario.json").Errors);
        Assert.Equal("$", error.Path);
        Assert.Contains("no such file", error.Message, StringComparison.Ordinal);
    }
}
