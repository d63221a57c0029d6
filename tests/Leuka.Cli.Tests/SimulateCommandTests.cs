using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Leuka.Cli.Tests;

public sealed partial class SimulateCommandTests
{
    public static TheoryData<string> ExampleFiles() => [.. CliRunner.Examples().Select(f => Path.GetFileName(f))];

    private static string TempDir()
    {
        var dir = Path.Combine(Path.GetTempPath(), "leuka-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }

    [Theory]
    [MemberData(nameof(ExampleFiles))]
    public void Every_example_runs_and_matches_its_golden_output(string file)
    {
        var dir = TempDir();
        var (exit, output, error) = CliRunner.Run("simulate", CliRunner.Example(file), "--out", dir);
        Assert.True(exit == 0, error);
        Assert.Contains("Wrote", output, StringComparison.Ordinal);
        var golden = Path.Combine(RepositoryFiles.Root, "tests", "golden", Path.GetFileNameWithoutExtension(file));
        foreach (var name in new[] { "summary.json", "timeseries.csv" })
        {
            // Compared token by token: text exactly, numbers to one unit of their last printed
            // decimal (different CPUs may round the last digit differently). Regenerate on purpose
            // with tools/update-golden.
            var expected = Tokens(File.ReadAllText(Path.Combine(golden, name)));
            var actual = Tokens(File.ReadAllText(Path.Combine(dir, name)));
            Assert.True(expected.Count == actual.Count, $"{file} {name}: {actual.Count} tokens, golden has {expected.Count}; run tools/update-golden if the change is intended");
            for (var i = 0; i < expected.Count; i++)
            {
                if (double.TryParse(expected[i], NumberStyles.Float, CultureInfo.InvariantCulture, out var e) && double.TryParse(actual[i], NumberStyles.Float, CultureInfo.InvariantCulture, out var a))
                {
                    var decimals = expected[i].Contains('.', StringComparison.Ordinal) ? expected[i].Length - expected[i].IndexOf('.', StringComparison.Ordinal) - 1 : 0;
                    Assert.True(Math.Abs(e - a) <= Math.Pow(10, -decimals) + (1e-9 * Math.Abs(e)), $"{file} {name} token {i}: {actual[i]} against golden {expected[i]}");
                }
                else
                {
                    Assert.True(expected[i] == actual[i], $"{file} {name} token {i}: \"{actual[i]}\" against golden \"{expected[i]}\"");
                }
            }
        }
    }

    [Fact]
    public void The_report_is_one_self_contained_file_with_the_plots_alarms_and_warnings()
    {
        var dir = TempDir();
        var (exit, _, error) = CliRunner.Run("simulate", CliRunner.Example("adult-aml-hyperleukocytosis.json"), "--out", dir);
        Assert.True(exit == 0, error);
        var html = File.ReadAllText(Path.Combine(dir, "report.html"));
        Assert.StartsWith("<!DOCTYPE html>", html, StringComparison.Ordinal);
        Assert.True(SvgCount().Count(html) >= 7, "counts, Hct, calcium, volumes, product, pumps and the alarm timeline");
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<link", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotMatch(ExternalUrl(), html);
        Assert.Contains("ac-rate-limit", html, StringComparison.Ordinal);
        Assert.Contains("Key results", html, StringComparison.Ordinal);
        Assert.Contains("hyperleukocytosis", html, StringComparison.Ordinal);
    }

    [Fact]
    public void The_report_answers_the_goal_first_shows_the_settings_run_and_keeps_events_in_time_order()
    {
        var dir = TempDir();
        var (exit, _, error) = CliRunner.Run("simulate", CliRunner.Example("adult-aml-hyperleukocytosis.json"), "--out", dir);
        Assert.True(exit == 0, error);
        var html = File.ReadAllText(Path.Combine(dir, "report.html"));
        var answer = html.IndexOf("<h2>Answer</h2>", StringComparison.Ordinal);
        Assert.True(answer > 0 && answer < html.IndexOf("<h2>Patient</h2>", StringComparison.Ordinal), "the answer comes before the patient");
        Assert.Contains("Goal reached", html, StringComparison.Ordinal);
        Assert.Contains("+24 h: WBC", html, StringComparison.Ordinal);
        Assert.Contains("60 mL/min; run at 45 mL/min (median)", html, StringComparison.Ordinal);
        Assert.DoesNotContain("CD3+", html, StringComparison.Ordinal);
        Assert.Contains("settings changed", html, StringComparison.Ordinal);
        Assert.Contains("0 absolute, 1 safety, 0 warning alarms", html, StringComparison.Ordinal);
        var events = html[html.IndexOf("<h2>Phases and events</h2>", StringComparison.Ordinal)..];
        var times = EventTime().Matches(events).Select(m => double.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.True(times.Count >= 5);
        Assert.Equal(times.Order(), times);
        var key = html[html.IndexOf("<h2>Key results</h2>", StringComparison.Ordinal)..html.IndexOf("<h2>Warnings</h2>", StringComparison.Ordinal)];
        Assert.DoesNotContain("x10^", key, StringComparison.Ordinal);
    }

    [Fact]
    public void Json_prints_the_summary_with_every_contract_field()
    {
        var dir = TempDir();
        var (exit, output, error) = CliRunner.Run("simulate", CliRunner.Example("car-t-lymphocyte-collection.json"), "--out", dir, "--json");
        Assert.True(exit == 0, error);
        Assert.Equal(File.ReadAllText(Path.Combine(dir, "summary.json")), output);
        using var doc = JsonDocument.Parse(output);
        var root = doc.RootElement;
        Assert.Equal(1, root.GetProperty("contractVersion").GetInt32());
        foreach (var field in new[] { "totalBloodVolumeL", "processedVolumeL", "bloodVolumesProcessed", "durationMin", "fluidBalanceMl" })
        {
            Assert.Equal(JsonValueKind.Number, root.GetProperty(field).ValueKind);
        }

        foreach (var (obj, fields) in new[]
        {
            ("wbc", new[] { "preE9PerL", "postE9PerL", "reductionPercent" }),
            ("platelets", new[] { "preE9PerL", "postE9PerL", "reductionPercent" }),
            ("hematocrit", new[] { "prePercent", "postPercent" }),
            ("product", new[] { "volumeMl", "hematocritPercent", "wbcE9", "plateletsE9", "granulocytePercentOfWbc", "lymphocytesE9", "monocytesE9", "cd34E6", "cd3E9" }),
            ("citrate", new[] { "acVolumeMl", "peakInfusionRateMgPerKgPerMin", "peakPlasmaMmolPerL" }),
            ("ionizedCalcium", new[] { "baselineMmolPerL", "nadirMmolPerL", "nadirAtMin", "endMmolPerL" }),
            ("extracorporealVolume", new[] { "peakMl", "peakPercentOfTbv" }),
        })
        {
            foreach (var field in fields)
            {
                Assert.Equal(JsonValueKind.Number, root.GetProperty(obj).GetProperty(field).ValueKind);
            }
        }

        foreach (var cell in new[] { "wbc", "mnc", "cd34", "lymphocytes" })
        {
            var ce = root.GetProperty("collectionEfficiencyPercent").GetProperty(cell);
            Assert.Equal(JsonValueKind.Number, ce.GetProperty("ce1").ValueKind);
            Assert.Equal(JsonValueKind.Number, ce.GetProperty("ce2").ValueKind);
        }

        Assert.Equal(JsonValueKind.Array, root.GetProperty("alarms").ValueKind);
        Assert.Equal(JsonValueKind.Array, root.GetProperty("warnings").ValueKind);

        // The CAR-T donor has no CD34 count: CE reports 0 and a warning says why.
        Assert.Equal(0, root.GetProperty("collectionEfficiencyPercent").GetProperty("cd34").GetProperty("ce2").GetDouble());
        Assert.Contains(root.GetProperty("warnings").EnumerateArray(), w => w.GetProperty("code").GetString() == "cd34-not-measured");
    }

    [Fact]
    public void The_time_series_has_every_contract_column_with_its_unit_and_a_row_per_minute()
    {
        var dir = TempDir();
        var (exit, _, error) = CliRunner.Run("simulate", CliRunner.Example("car-t-lymphocyte-collection.json"), "--out", dir);
        Assert.True(exit == 0, error);
        var lines = File.ReadAllLines(Path.Combine(dir, "timeseries.csv"));
        var header = lines[0].Split(',');
        Assert.Equal(
            ["Time(min)", "WBC(10^9/L)", "Platelets(10^9/L)", "Hematocrit(%)", "ProcessedVolume(mL)", "InletFlow(mL/min)", "PlasmaCitrate(mmol/L)", "IonizedCalcium(mmol/L)", "ExtracorporealVolume(mL)", "ProductVolume(mL)", "ProductWBC(10^9)"],
            header[..11]);
        Assert.All(header, h => Assert.Matches(@"^[A-Za-z0-9]+\(.+\)$", h));
        var times = lines.Skip(1).Select(l => double.Parse(l.Split(',')[0], CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal(0, times[0]);
        for (var i = 1; i < times.Length - 1; i++)
        {
            Assert.Equal(1, times[i] - times[i - 1], 1e-9);
        }

        Assert.All(lines.Skip(1), l => Assert.Equal(header.Length, l.Split(',').Length));
    }

    [Fact]
    public void An_invalid_scenario_exits_2_and_writes_nothing()
    {
        var dir = TempDir();
        var bad = Path.Combine(dir, "bad.json");
        File.WriteAllText(bad, File.ReadAllText(CliRunner.Example("car-t-lymphocyte-collection.json")).Replace("\"collectFlow\"", "\"colectFlow\"", StringComparison.Ordinal));
        var outDir = Path.Combine(dir, "out");
        var (exit, output, error) = CliRunner.Run("simulate", bad, "--out", outDir);
        Assert.Equal(2, exit);
        Assert.Empty(output);
        Assert.Contains("procedure.colectFlow", error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(outDir));
    }

    [GeneratedRegex("<svg")]
    private static partial Regex SvgCount();

    [GeneratedRegex("(src|href)=\"https?://")]
    private static partial Regex ExternalUrl();

    private static List<string> Tokens(string text) => [.. TokenPattern().Matches(text).Select(m => m.Value)];

    [GeneratedRegex(@"-?\d+(\.\d+)?([eE][-+]?\d+)?|[A-Za-z_][A-Za-z0-9_\-]*|[^\s\d]")]
    private static partial Regex TokenPattern();

    [System.Text.RegularExpressions.GeneratedRegex(@"<td class=""n"">([0-9.]+) min</td>")]
    private static partial System.Text.RegularExpressions.Regex EventTime();
}
