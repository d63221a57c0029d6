using System.Diagnostics;

namespace Leuka.Cli.Tests;

/// <summary>A run killed at any moment leaves its output directory as it was, or complete: never a mix.</summary>
public sealed class KillTests
{
    private static readonly string[] Files = ["summary.json", "timeseries.csv", "report.html"];

    private static Process Start(string scenario, string outDir)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { Path.Combine(AppContext.BaseDirectory, "Leuka.Cli.dll"), "simulate", scenario, "--out", outDir })
        {
            info.ArgumentList.Add(a);
        }

        return Process.Start(info)!;
    }

    [Fact]
    public void A_hundred_kills_at_random_moments_never_leave_a_partial_set()
    {
        var root = Path.Combine(Path.GetTempPath(), "leuka-kill-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(root);
        var scenario = Path.Combine(root, "short.json");
        File.WriteAllText(scenario, File.ReadAllText(CliRunner.Example("child-all-15kg.json")).Replace("\"bloodVolumes\": 2", "\"duration\": \"20 min\"", StringComparison.Ordinal));
        var outDir = Path.Combine(root, "out");

        // One whole run: the reference set, and how long a run takes.
        var clock = Stopwatch.StartNew();
        using (var whole = Start(scenario, outDir))
        {
            whole.WaitForExit();
            Assert.True(whole.ExitCode == 0, whole.StandardError.ReadToEnd());
        }

        var runMs = (int)clock.ElapsedMilliseconds;
        var reference = Files.Select(f => File.ReadAllText(Path.Combine(outDir, f))).ToArray();
        var random = new Random(20261129);
        var killedMidway = 0;
        for (var k = 0; k < 100; k++)
        {
            using var run = Start(scenario, outDir);
            Thread.Sleep(random.Next(runMs + 50));
            if (!run.HasExited)
            {
                run.Kill(entireProcessTree: true);
                killedMidway++;
            }

            run.WaitForExit();

            // Complete and the same as the reference (every run writes the same bytes), or the
            // previous set set aside between the two renames, restored by the next run.
            if (Directory.Exists(outDir))
            {
                Assert.Equal(Files.Order(), Directory.GetFiles(outDir).Select(Path.GetFileName).Order());
                Assert.Equal(reference, Files.Select(f => File.ReadAllText(Path.Combine(outDir, f))).ToArray());
            }
            else
            {
                var aside = Assert.Single(Directory.GetDirectories(root, "out.old-*"));
                Assert.Equal(reference, Files.Select(f => File.ReadAllText(Path.Combine(aside, f))).ToArray());
            }
        }

        Assert.True(killedMidway >= 50, $"only {killedMidway} of 100 runs were killed before they ended");
        Directory.Delete(root, true);
    }
}
