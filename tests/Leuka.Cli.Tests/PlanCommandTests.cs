using System.Text.Json;

namespace Leuka.Cli.Tests;

public sealed class PlanCommandTests
{
    [Fact]
    public void Plan_writes_plan_json_and_simulate_runs_its_first_day_with_the_predicted_outcome()
    {
        var dir = Directory.CreateTempSubdirectory("leuka-plan").FullName;
        var (exit, output, error) = CliRunner.Run("plan", CliRunner.Example("car-t-lymphocyte-collection.json"), "--out", dir);
        Assert.True(exit == 0, error);
        Assert.Contains("Plan:", output, StringComparison.Ordinal);
        using var plan = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "plan.json")));
        Assert.True(plan.RootElement.GetProperty("feasible").GetBoolean());
        var predicted = plan.RootElement.GetProperty("days")[0].GetProperty("predicted").GetRawText();

        var simDir = Path.Combine(dir, "sim");
        (exit, output, error) = CliRunner.Run("simulate", "--plan", Path.Combine(dir, "plan.json"), "--out", simDir, "--json");
        Assert.True(exit == 0, error);
        using var simulated = JsonDocument.Parse(output);
        using var expected = JsonDocument.Parse(predicted);
        Assert.Equal(expected.RootElement.GetProperty("processedVolumeL").GetDouble(), simulated.RootElement.GetProperty("processedVolumeL").GetDouble());
        Assert.Equal(expected.RootElement.GetProperty("product").GetProperty("cd3E9").GetDouble(), simulated.RootElement.GetProperty("product").GetProperty("cd3E9").GetDouble());
        Assert.Equal(expected.RootElement.GetProperty("wbc").GetProperty("postE9PerL").GetDouble(), simulated.RootElement.GetProperty("wbc").GetProperty("postE9PerL").GetDouble());

        (exit, _, error) = CliRunner.Run("simulate", "--plan", Path.Combine(dir, "plan.json"), "--day", "3");
        Assert.Equal(2, exit);
        Assert.StartsWith("--day: 3 is out of range; the plan has 1 day(s); give --day from 1 to 1", error, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unreachable_target_exits_3_with_the_reason()
    {
        var dir = Directory.CreateTempSubdirectory("leuka-plan").FullName;
        var scenario = Path.Combine(dir, "cd34.json");
        File.WriteAllText(scenario, File.ReadAllText(CliRunner.Example("myeloma-autologous-cd34.json"))
            .Replace("\"targetCd34Dose\": \"4 x10^6/kg\"", "\"targetCd34Dose\": \"40 x10^6/kg\"", StringComparison.Ordinal));
        var (exit, output, error) = CliRunner.Run("plan", scenario, "--max-days", "2");
        Assert.True(exit == 3, error + output);
        Assert.Contains("No safe plan", output, StringComparison.Ordinal);
        Assert.Contains("days at this yield", output.Replace("\n", " ", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_options_and_bad_plan_files_exit_2_naming_the_option()
    {
        var (exit, _, error) = CliRunner.Run("plan", CliRunner.Example("car-t-lymphocyte-collection.json"), "--max-days", "0");
        Assert.Equal(2, exit);
        Assert.StartsWith("--max-days:", error, StringComparison.Ordinal);

        var dir = Directory.CreateTempSubdirectory("leuka-plan").FullName;
        var notPlan = Path.Combine(dir, "x.json");
        File.WriteAllText(notPlan, "{ \"a\": 1 }");
        (exit, _, error) = CliRunner.Run("simulate", "--plan", notPlan);
        Assert.Equal(2, exit);
        Assert.StartsWith("--plan: not a plan file", error, StringComparison.Ordinal);

        (exit, _, error) = CliRunner.Run("simulate");
        Assert.Equal(2, exit);
        Assert.StartsWith("arguments:", error, StringComparison.Ordinal);
    }
}
