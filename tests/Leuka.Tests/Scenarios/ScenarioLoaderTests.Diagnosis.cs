using System.Text.Json.Nodes;
using Leuka.Patients;

namespace Leuka.Tests.Scenarios;

public sealed partial class ScenarioLoaderTests
{
    [Fact]
    public void Diagnosis_doubling_time_and_liver_disease_are_read()
    {
        var json = Minimal();
        json["patient"]!["diagnosis"] = "cll";
        json["patient"]!["malignantDoublingTime"] = "71 d";
        json["patient"]!["liverDisease"] = true;
        var patient = Load(json).Scenario!.Patient;
        Assert.Equal(Diagnosis.Cll, patient.Diagnosis);
        Assert.Equal(71, patient.MalignantDoublingTime!.Value.Days, 1e-12);
        Assert.True(patient.LiverDisease);
    }

    [Fact]
    public void Without_a_diagnosis_nothing_is_malignant_and_hyperleukocytosis_warns()
    {
        var result = Load(Minimal());
        Assert.Equal(Diagnosis.None, result.Scenario!.Patient.Diagnosis);
        Assert.Contains(result.Warnings, w => w.Code == "diagnosis-missing" && w.Path == "patient.diagnosis");
    }

    [Fact]
    public void A_doubling_time_without_a_malignant_diagnosis_is_an_error()
    {
        var json = Minimal();
        json["patient"]!["malignantDoublingTime"] = "3 d";
        var error = Assert.Single(Load(json).Errors);
        Assert.Equal("patient.malignantDoublingTime", error.Path);
        Assert.Contains("give patient.diagnosis", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("diagnosis", "\"leukaemia\"", "not a valid choice")]
    [InlineData("liverDisease", "\"yes\"", "expected true or false")]
    [InlineData("malignantDoublingTime", "\"2 h\"", "outside the accepted range")]
    public void Bad_diagnosis_fields_are_errors(string field, string value, string message)
    {
        var json = Minimal();
        json["patient"]!["diagnosis"] = "aml";
        json["patient"]![field] = JsonNode.Parse(value);
        var error = Assert.Single(Load(json).Errors);
        Assert.Equal($"patient.{field}", error.Path);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }
}
