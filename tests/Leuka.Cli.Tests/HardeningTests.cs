using System.Text.Json.Nodes;

namespace Leuka.Cli.Tests;

/// <summary>Inputs at the edges: each an input error naming where, never a crash or a flood.</summary>
public sealed class HardeningTests
{
    private static string Example() => File.ReadAllText(CliRunner.Example("adult-aml-hyperleukocytosis.json"));

    private static (int Exit, string Err) Check(string json)
    {
        var file = Path.Combine(Path.GetTempPath(), "leuka-hard-" + Guid.NewGuid().ToString("N") + ".json");
        File.WriteAllText(file, json);
        var (exit, _, err) = CliRunner.Run("check", file);
        File.Delete(file);
        return (exit, err);
    }

    [Theory]
    [InlineData("\"name\": \"\\ud800", 1)]
    [InlineData("\"wbc\": \"250 x10^9/L\\udc00", 1)]
    public void A_lone_surrogate_anywhere_is_an_input_error_with_its_place(string replacement, int line)
    {
        var json = Example().Replace(replacement.StartsWith("\"name\"", StringComparison.Ordinal) ? "\"name\": \"" : "\"wbc\": \"250 x10^9/L", replacement, StringComparison.Ordinal);
        var (exit, err) = Check(json.ReplaceLineEndings(" "));
        Assert.Equal(2, exit);
        Assert.StartsWith($"$: line {line}, column", err, StringComparison.Ordinal);
        Assert.Contains("character pair", err, StringComparison.Ordinal);
        Assert.Equal(0, Check(Example().Replace("\"name\": \"", "\"name\": \"\\ud83d\\ude00 ", StringComparison.Ordinal)).Exit);
    }

    [Fact]
    public void Long_values_are_elided_with_their_length_and_invisible_characters_shown_as_escapes()
    {
        var json = JsonNode.Parse(Example())!;
        json["patient"]!["labs"]!["wbc"] = new string('1', 5000) + " x10^9/L";
        var (exit, err) = Check(json.ToJsonString());
        Assert.Equal(2, exit);
        Assert.Contains("… (5008 characters)", err, StringComparison.Ordinal);
        Assert.True(err.Length < 400, $"{err.Length} characters of message");

        json["patient"]!["labs"]!["wbc"] = "250 x10^9/\u200fL";
        Assert.Contains("\\u200FL", Check(json.ToJsonString()).Err, StringComparison.Ordinal);

        json["patient"]!["labs"]!["wbc"] = "250 x10^9/L";
        json["patient"]!["labs"]![""] = "1";
        Assert.StartsWith("patient.labs[\"\"]: unknown field", Check(json.ToJsonString()).Err, StringComparison.Ordinal);

        json["patient"]!["labs"]!.AsObject().Remove("");
        json["name"] = new string('x', 5000);
        Assert.StartsWith("name: is 5000 characters long; write at most 1000", Check(json.ToJsonString()).Err, StringComparison.Ordinal);
    }

    [Fact]
    public void Files_and_event_lists_beyond_their_limits_are_refused()
    {
        var json = JsonNode.Parse(Example())!;
        json["events"] = new JsonArray([.. Enumerable.Range(0, ScenarioLimits.MaxEvents + 1).Select(_ => (JsonNode)new JsonObject { ["at"] = "10 min", ["pause"] = new JsonObject() })]);
        Assert.StartsWith("events: holds 10001 events", Check(json.ToJsonString()).Err, StringComparison.Ordinal);
        Assert.StartsWith("$: the scenario is", ScenarioLoader.Load(new string(' ', ScenarioLimits.MaxScenarioCharacters + 1)).Errors[0].ToString(), StringComparison.Ordinal);
        var deep = Example().Replace("\"seed\": 1", "\"seed\": " + new string('[', ScenarioLimits.MaxNestingDepth + 8) + new string(']', ScenarioLimits.MaxNestingDepth + 8), StringComparison.Ordinal);
        var (deepExit, deepErr) = Check(deep);
        Assert.Equal(2, deepExit);
        Assert.Contains("depth", deepErr, StringComparison.OrdinalIgnoreCase);
        if (File.Exists("/dev/zero"))
        {
            var (exit, _, err) = CliRunner.Run("check", "/dev/zero");
            Assert.Equal(2, exit);
            Assert.Contains("larger than 4 MB", err, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_run_with_thousands_of_setting_changes_keeps_a_readable_report()
    {
        // The probe's 10k-event file made a 75-MB report (a labelled line per change on every
        // plot) and took 0.7 ms per event; the plots now mark the first 20 and the table has all.
        var json = JsonNode.Parse(Example())!;
        json["events"] = new JsonArray([.. Enumerable.Range(0, 2000).Select(i => (JsonNode)new JsonObject
        {
            ["at"] = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{(i + 1) * 0.05:0.##} min"),
            ["set"] = new JsonObject { ["inletFlow"] = i % 2 == 0 ? "50 mL/min" : "51 mL/min" },
        })]);
        var file = Path.Combine(Path.GetTempPath(), "leuka-events-" + Guid.NewGuid().ToString("N") + ".json");
        var dir = file + ".out";
        File.WriteAllText(file, json.ToJsonString());
        try
        {
            var (exit, _, err) = CliRunner.Run("simulate", file, "--out", dir);
            Assert.True(exit == 0, err);
            var report = File.ReadAllText(Path.Combine(dir, "report.html"));
            Assert.Contains("2000 setting changes: the plots mark the first 20; the table below lists them all.", report, StringComparison.Ordinal);
            Assert.True(report.Length < 2_000_000, $"the report is {report.Length} characters");
            Assert.Equal(2000, System.Text.RegularExpressions.Regex.Count(report, "set: inlet"));
        }
        finally
        {
            File.Delete(file);
            if (Directory.Exists(dir))
            {
                Directory.Delete(dir, recursive: true);
            }
        }
    }

    [Theory]
    [InlineData(-7.9, "+7.9 %")]
    [InlineData(56.4, "−56.4 %")]
    [InlineData(0, "0 %")]
    public void A_change_in_the_text_table_has_one_sign(double reductionPercent, string shown)
    {
        // The probe found "−-7.9 %" when a count rose.
        Assert.Equal(shown, SimulateText.Change(reductionPercent));
    }

    [Fact]
    public void A_duration_stop_cannot_outlast_the_engines_run_time_limit()
    {
        var json = JsonNode.Parse(Example())!;
        json["procedure"]!["stop"] = JsonNode.Parse("""{ "duration": "9 h" }""");
        var (exit, err) = Check(json.ToJsonString());
        Assert.Equal(2, exit);
        Assert.StartsWith("procedure.stop.duration:", err, StringComparison.Ordinal);
    }

    [Fact]
    public void An_output_directory_is_taken_before_the_run_and_refused_while_another_run_writes_there()
    {
        var dir = Path.Combine(Path.GetTempPath(), "leuka-out-" + Guid.NewGuid().ToString("N"));
        using (var held = new FileStream(dir + ".lock", FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None))
        {
            var (exit, _, err) = CliRunner.Run("simulate", CliRunner.Example("child-all-15kg.json"), "--out", dir);
            Assert.Equal(2, exit);
            Assert.StartsWith("--out: another run is writing to", err, StringComparison.Ordinal);
            Assert.False(Directory.Exists(dir));
        }

        Assert.Equal(0, CliRunner.Run("simulate", CliRunner.Example("child-all-15kg.json"), "--out", dir).Exit);
        if (Directory.Exists("/proc/self"))
        {
            var (exit, _, err) = CliRunner.Run("simulate", CliRunner.Example("child-all-15kg.json"), "--out", "/proc/self/leuka");
            Assert.Equal(2, exit);
            Assert.StartsWith("--out: cannot write to", err, StringComparison.Ordinal);
        }
    }
}
