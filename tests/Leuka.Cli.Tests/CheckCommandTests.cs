using System.Text.Json;

namespace Leuka.Cli.Tests;

public sealed class CheckCommandTests
{
    [Fact]
    public void Help_lists_the_check_command()
    {
        var (exit, output, _) = CliRunner.Run("--help");
        Assert.Equal(0, exit);
        Assert.Contains("check", output, StringComparison.Ordinal);
        Assert.Contains("leukapheresis", output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_valid_scenario_prints_the_normalized_patient_and_exits_0()
    {
        var (exit, output, error) = CliRunner.Run("check", CliRunner.Example("adult-aml-hyperleukocytosis.json"));
        Assert.Equal(0, exit);
        Assert.Empty(error);
        Assert.Contains("Scenario is valid.", output, StringComparison.Ordinal);
        Assert.Contains("4.10 L (nadler; 59 mL/kg)", output, StringComparison.Ordinal);
        Assert.Contains("Leukocrit", output, StringComparison.Ordinal);
        Assert.Contains("hyperleukocytosis", output, StringComparison.Ordinal);
        Assert.Contains("ACD-A (default)", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Heparin_added_to_the_ac_is_shown_with_the_anticoagulant_and_a_ratio_of_24_is_then_usual()
    {
        var text = File.ReadAllText(CliRunner.Example("myeloma-autologous-cd34.json"))
            .Replace("\"inletToAcRatio\": 12", "\"inletToAcRatio\": 24", StringComparison.Ordinal)
            .Replace("\"access\": \"central-venous-catheter\"", "\"access\": \"central-venous-catheter\", \"heparin\": { \"perAc\": \"6 IU/mL\", \"bolus\": \"40 IU/kg\" }", StringComparison.Ordinal);
        var (exit, output, error) = Check(text);
        Assert.True(exit == 0, error);
        Assert.Contains("heparin 6 IU/mL of AC, bolus 40 IU/kg", output, StringComparison.Ordinal);
        Assert.DoesNotContain("is outside the usual 6–15", output, StringComparison.Ordinal);
        var withoutHeparin = text.Replace("\"heparin\": { \"perAc\": \"6 IU/mL\", \"bolus\": \"40 IU/kg\" }", "\"prime\": \"saline\"", StringComparison.Ordinal);
        Assert.Contains("is outside the usual 6–15", Check(withoutHeparin).Out, StringComparison.Ordinal);
    }

    // `leuka check` on a scenario written to a temporary file (deleted after).
    private static (int Exit, string Out, string Err) Check(string json)
    {
        var path = Path.Combine(Path.GetTempPath(), $"leuka-check-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, json);
        try
        {
            return CliRunner.Run("check", path);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Json_output_has_the_contract_fields()
    {
        var (exit, output, _) = CliRunner.Run("check", CliRunner.Example("adult-aml-hyperleukocytosis.json"), "--json");
        Assert.Equal(0, exit);
        using var doc = JsonDocument.Parse(output);
        var root = doc.RootElement;
        Assert.True(root.GetProperty("valid").GetBoolean());
        // Nadler woman 1.65 m / 70 kg: 0.3561·1.65³ + 0.03308·70 + 0.1833 = 4.0985 L.
        Assert.Equal(4.0985, root.GetProperty("totalBloodVolumeL").GetDouble(), 1e-3);
        Assert.Equal(4.0985 * (1 - 0.28) - (4.0985 * (root.GetProperty("leukocritPercent").GetDouble() + root.GetProperty("plateletcritPercent").GetDouble()) / 100), root.GetProperty("plasmaVolumeL").GetDouble(), 1e-3);
        Assert.InRange(root.GetProperty("leukocritPercent").GetDouble(), 15, 20);
        var labs = root.GetProperty("labs");
        Assert.Equal(250, labs.GetProperty("wbcE9PerL").GetDouble());
        Assert.Equal(60, labs.GetProperty("plateletsE9PerL").GetDouble());
        Assert.Equal(28, labs.GetProperty("hematocritPercent").GetDouble());
        Assert.Contains(root.GetProperty("warnings").EnumerateArray(), w => w.GetProperty("code").GetString() == "hyperleukocytosis");
    }

    [Fact]
    public void Json_output_is_identical_on_every_run()
    {
        var first = CliRunner.Run("check", CliRunner.Example("cml-profound-hyperleukocytosis.json"), "--json").Out;
        var second = CliRunner.Run("check", CliRunner.Example("cml-profound-hyperleukocytosis.json"), "--json").Out;
        Assert.Equal(first, second);
    }

    [Theory]
    [MemberData(nameof(ExampleFiles))]
    public void Every_example_checks_clean(string file) => Assert.Equal(0, CliRunner.Run("check", CliRunner.Example(file)).Exit);

    public static TheoryData<string> ExampleFiles => new(CliRunner.Examples().Select(Path.GetFileName)!);

    [Fact]
    public void An_invalid_scenario_prints_one_line_per_problem_on_stderr_and_exits_2()
    {
        var text = File.ReadAllText(CliRunner.Example("adult-aml-hyperleukocytosis.json"))
            .Replace("\"250 x10^9/L\"", "150000", StringComparison.Ordinal)
            .Replace("\"60 mL/min\"", "\"60 mL\"", StringComparison.Ordinal);
        var (exit, output, error) = Check(text);
        Assert.Equal(2, exit);
        Assert.Empty(output);
        var lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.StartsWith("patient.labs.wbc: \"150000\" has no unit; ", lines[0], StringComparison.Ordinal);
        Assert.StartsWith("procedure.inletFlow: \"60 mL\": \"mL\" is a unit of volume", lines[1], StringComparison.Ordinal);
    }

    [Fact]
    public void An_invalid_scenario_with_json_reports_errors_as_json_too()
    {
        var (exit, output, error) = CliRunner.Run("check", "/no/such/file.json", "--json");
        Assert.Equal(2, exit);
        Assert.Contains("no such file", error, StringComparison.Ordinal);
        using var doc = JsonDocument.Parse(output);
        Assert.False(doc.RootElement.GetProperty("valid").GetBoolean());
        Assert.Equal("$", doc.RootElement.GetProperty("errors")[0].GetProperty("path").GetString());
    }

    [Theory]
    [InlineData("check")]
    [InlineData("check", "a.json", "--bogus")]
    [InlineData("frobnicate")]
    public void Bad_arguments_exit_2_with_a_message(params string[] args)
    {
        var (exit, _, error) = CliRunner.Run(args);
        Assert.Equal(2, exit);
        Assert.Contains("arguments:", error, StringComparison.Ordinal);
    }
}
