namespace Leuka.Cli.Tests;

public sealed class ValidateCommandTests
{
    [Fact]
    public void Validate_prints_a_row_per_output_and_ends_with_the_totals_line_and_writes_the_report()
    {
        var dir = Directory.CreateTempSubdirectory("leuka-validate").FullName;
        var cases = Path.Combine(dir, "cases");
        Directory.CreateDirectory(cases);
        File.WriteAllText(Path.Combine(cases, "X1.json"), """
        {
          "id": "X1", "title": "test", "citation": "none",
          "scenario": {
            "name": "x",
            "patient": { "sex": "male", "ageYears": 40, "height": "175 cm", "weight": "75 kg",
              "labs": { "wbc": "7 x10^9/L", "hematocrit": "40 %", "platelets": "250 x10^9/L" } },
            "procedure": { "kind": "mnc-collection", "stop": { "duration": "30 min" } }
          },
          "outputs": [
            { "name": "run time", "metric": "durationMin", "published": "31 min", "value": 31 },
            { "name": "potassium", "published": "−9 %", "notRunnable": "potassium is not modelled" }
          ]
        }
        """);
        var outDir = Path.Combine(dir, "out");
        var (exit, output, error) = CliRunner.Run("validate", "--cases", cases, "--out", outDir);
        Assert.True(exit == 0, error);
        Assert.Contains("run time", output, StringComparison.Ordinal);
        Assert.Equal("1 green, 0 yellow, 0 red, 1 not runnable", output.TrimEnd().Split('\n')[^1].Trim());
        Assert.Contains("potassium is not modelled", output, StringComparison.Ordinal);
        Assert.Contains("validated X1 (", error, StringComparison.Ordinal);
        var md = File.ReadAllText(Path.Combine(outDir, "validation.md"));
        Assert.Contains("| X1 | run time | 31 min |", md, StringComparison.Ordinal);
        Assert.StartsWith("case,output,published,simulated,deviation,band,note", File.ReadAllText(Path.Combine(outDir, "validation.csv")), StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_case_directory_or_a_bad_cohort_size_exits_2_naming_the_option()
    {
        var (exit, _, error) = CliRunner.Run("validate", "--cases", "/nonexistent/leuka");
        Assert.Equal(2, exit);
        Assert.StartsWith("--cases:", error, StringComparison.Ordinal);
        (exit, _, error) = CliRunner.Run("validate", "--cohort-size", "1");
        Assert.Equal(2, exit);
        Assert.StartsWith("--cohort-size:", error, StringComparison.Ordinal);
    }
}
