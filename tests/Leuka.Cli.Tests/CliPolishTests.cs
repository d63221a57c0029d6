using System.Text.Json.Nodes;

namespace Leuka.Cli.Tests;

/// <summary>What a new user meets first at the command line.</summary>
public sealed class CliPolishTests
{
    [Fact]
    public void Plain_leuka_shows_help_and_usage_lines_say_leuka()
    {
        var (exit, stdout, _) = CliRunner.Run();
        Assert.Equal(0, exit);
        Assert.Contains("leuka [command] [options]", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("Leuka.Cli", stdout, StringComparison.Ordinal);
        var (_, help, _) = CliRunner.Run("simulate", "--help");
        Assert.Contains("leuka simulate", help, StringComparison.Ordinal);
    }

    [Fact]
    public void Choices_ignore_case_and_take_common_abbreviations_and_heights_in_feet_and_inches()
    {
        var json = JsonNode.Parse(File.ReadAllText(CliRunner.Example("adult-aml-hyperleukocytosis.json")))!;
        json["patient"]!["sex"] = "F";
        json["patient"]!["diagnosis"] = "AML";
        json["patient"]!["height"] = "5 ft 5 in";
        json["procedure"]!["access"] = "CVC";
        var loaded = ScenarioLoader.Load(json.ToJsonString());
        Assert.True(loaded.IsValid, string.Join("; ", loaded.Errors));
        var s = loaded.Scenario!;
        Assert.Equal(Leuka.Patients.Sex.Female, s.Patient.Sex);
        Assert.Equal(Leuka.Patients.Diagnosis.Aml, s.Patient.Diagnosis);
        Assert.Equal(VascularAccess.CentralVenousCatheter, s.Procedure.Access);
        Assert.Equal((5 * 30.48) + (5 * 2.54), s.Patient.Height.Centimeters, 9);

        json["patient"]!["height"] = "5 in 5 ft";
        Assert.Contains(ScenarioLoader.Load(json.ToJsonString()).Errors, e => e.Path == "patient.height");
    }

    [Fact]
    public void Piped_tables_do_not_wrap_at_80_columns()
    {
        var (_, stdout, _) = CliRunner.Run("check", CliRunner.Example("adult-aml-hyperleukocytosis.json"));
        Assert.Contains(stdout.Split('\n'), l => l.TrimEnd().Length > 100);
    }

    [Fact]
    public void The_separator_picture_goes_to_results_not_to_the_working_folder()
    {
        var before = File.Exists("separator-profile.png");
        var (exit, stdout, err) = CliRunner.Run("separator", CliRunner.Example("car-t-lymphocyte-collection.json"));
        Assert.True(exit == 0, err);
        Assert.Contains("Product purity: mononuclear cells", stdout, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine("results", "car-t-lymphocyte-collection", "separator-profile.png")));
        Assert.Equal(before, File.Exists("separator-profile.png"));
    }
}

public sealed class PlanDayResultsTests
{
    [Fact]
    public void Each_planned_day_simulated_writes_its_own_results_folder()
    {
        var dir = Path.Combine(Path.GetTempPath(), "leuka-plan-" + Guid.NewGuid().ToString("N"), "cml");
        Assert.Equal(3, CliRunner.Run("plan", CliRunner.Example("cml-profound-hyperleukocytosis.json"), "--out", dir, "--max-days", "2").Exit);
        var cwd = Directory.GetCurrentDirectory();
        var (exit, stdout, err) = CliRunner.Run("simulate", "--plan", Path.Combine(dir, "plan.json"), "--day", "2");
        Assert.True(exit == 0, err);
        Assert.Contains(Path.Combine("results", "cml-day-2"), stdout, StringComparison.Ordinal);
        var summary = Path.Combine(cwd, "results", "cml-day-2", "summary.json");
        Assert.True(File.Exists(summary));

        // Day 2 starts from the patient day 1 leaves (run first), so it is the plan's day 2 exactly.
        // (simulate adds the scenario's input warnings to summary.json; the plan has its findings.)
        var planned = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "plan.json")))!["days"]![1]!["predicted"]!.AsObject();
        var simulated = JsonNode.Parse(File.ReadAllText(summary))!.AsObject();
        planned.Remove("warnings");
        simulated.Remove("warnings");
        Assert.True(JsonNode.DeepEquals(planned, simulated), "simulate --plan --day 2 differs from the plan's day 2");

        // A plan written before later days were carried (planVersion 1) cannot be reproduced from
        // day 2 on: refused with the reason; its day 1 still runs.
        var old = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "plan.json")))!;
        old["planVersion"] = 1;
        var oldDir = Path.Combine(Path.GetDirectoryName(dir)!, "old");
        Directory.CreateDirectory(oldDir);
        File.WriteAllText(Path.Combine(oldDir, "plan.json"), old.ToJsonString());
        var (oldExit, _, oldError) = CliRunner.Run("simulate", "--plan", Path.Combine(oldDir, "plan.json"), "--day", "2", "--out", Path.Combine(oldDir, "day2"));
        Assert.Equal(2, oldExit);
        Assert.Contains("planVersion 1", oldError, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(oldDir, "day2")));
        Assert.Equal(0, CliRunner.Run("simulate", "--plan", Path.Combine(oldDir, "plan.json"), "--day", "1", "--out", Path.Combine(oldDir, "day1")).Exit);
    }
}

public sealed class SweepCommandTests
{
    [Fact]
    public void A_sweep_runs_the_grid_first_input_fastest_and_writes_the_csv_and_the_plot()
    {
        var dir = Path.Combine(Path.GetTempPath(), "leuka-sweep-" + Guid.NewGuid().ToString("N"));
        var (exit, stdout, stderr) = CliRunner.Run("sweep", CliRunner.Example("adult-aml-hyperleukocytosis.json"), "--vary", "procedure.inletFlow=40 mL/min,55 mL/min", "--vary", "procedure.collectFlow=2 mL/min,4 mL/min", "--out", dir);
        Assert.True(exit == 0, stderr);
        var rows = File.ReadAllLines(Path.Combine(dir, "sweep.csv"));
        Assert.Equal(5, rows.Length);
        Assert.StartsWith("procedure.inletFlow,procedure.collectFlow,", rows[0], StringComparison.Ordinal);
        Assert.StartsWith("40 mL/min,2 mL/min,", rows[1], StringComparison.Ordinal);
        Assert.StartsWith("55 mL/min,2 mL/min,", rows[2], StringComparison.Ordinal);
        Assert.StartsWith("40 mL/min,4 mL/min,", rows[3], StringComparison.Ordinal);
        Assert.True(new FileInfo(Path.Combine(dir, "sweep.png")).Length > 1000);
        Assert.Contains("4 simulations", stdout, StringComparison.Ordinal);

        // The same point run alone gives the same row.
        var single = Path.Combine(dir, "single");
        Assert.Equal(0, CliRunner.Run("sweep", CliRunner.Example("adult-aml-hyperleukocytosis.json"), "--vary", "procedure.inletFlow=55 mL/min", "--vary", "procedure.collectFlow=2 mL/min", "--out", single).Exit);
        Assert.Equal(rows[2], File.ReadAllLines(Path.Combine(single, "sweep.csv"))[1]);
    }

    [Theory]
    [InlineData("procedure.inletFlow")]
    [InlineData("procedure.bogus=1,2")]
    [InlineData("procedure.inletFlow=60")]
    [InlineData("procedure.device=generic,spectra-optia-cmnc")]
    [InlineData("procedure.collectHematocrit=2 %,4 %")]
    public void A_bad_vary_exits_2_naming_the_option(string vary)
    {
        // The last: a collection protocol for this depletion, refused before any run (it was an
        // internal error from inside the parallel run).
        var (exit, _, stderr) = CliRunner.Run("sweep", CliRunner.Example("adult-aml-hyperleukocytosis.json"), "--vary", vary, "--out", Path.GetTempPath());
        Assert.Equal(2, exit);
        Assert.StartsWith("--vary:", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_metric_that_is_not_a_summary_number_exits_2_naming_the_option()
    {
        var (exit, _, stderr) = CliRunner.Run("sweep", CliRunner.Example("adult-aml-hyperleukocytosis.json"), "--vary", "procedure.inletFlow=40 mL/min", "--metric", "wbc.nonsense", "--out", Path.GetTempPath());
        Assert.Equal(2, exit);
        Assert.StartsWith("--metric: \"wbc.nonsense\" is not a number of summary.json", stderr, StringComparison.Ordinal);
    }
}
