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

    // 25 kills in the suite (each is a whole process start); LEUKA_KILLS=200 for a long run.
    private static readonly int Kills = int.TryParse(Environment.GetEnvironmentVariable("LEUKA_KILLS"), out var n) && n > 0 ? n : 25;

    [Fact]
    public void Kills_at_random_moments_never_leave_a_partial_set()
    {
        var root = Path.Combine(Path.GetTempPath(), "leuka-kill-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(root);
        var scenario = Path.Combine(root, "short.json");
        File.WriteAllText(scenario, File.ReadAllText(CliRunner.Example("child-all-15kg.json")).Replace("\"bloodVolumes\": 2", "\"duration\": \"20 min\"", StringComparison.Ordinal));
        var outDir = Path.Combine(root, "out");

        // Whole runs: the reference set, and how long a run takes. The first pays for a cold disk
        // and JIT, so the shorter of two sets the window the kills fall in.
        var runMs = int.MaxValue;
        for (var w = 0; w < 2; w++)
        {
            var started = DateTime.Now;
            using var whole = Start(scenario, outDir);
            whole.WaitForExit();
            Assert.True(whole.ExitCode == 0, whole.StandardError.ReadToEnd());
            runMs = Math.Min(runMs, Lifetime(started, whole));
        }

        var reference = Files.Select(f => File.ReadAllText(Path.Combine(outDir, f))).ToArray();
        var random = new Random(20261129);
        var killedMidway = 0;
        // Each kill is a whole process start (about 0.45 s), and the suite must stay under five
        // minutes on two cores: 25 of them. A moment drawn uniformly over a run; a run that ended
        // first (a machine whose speed changed) shortens the window to its own length, so the kills
        // keep landing inside runs however fast or slow the machine is.
        for (var k = 0; k < Kills; k++)
        {
            var started = DateTime.Now;
            using var run = Start(scenario, outDir);
            Thread.Sleep(random.Next(runMs));
            if (!run.HasExited)
            {
                run.Kill(entireProcessTree: true);
                killedMidway++;
            }
            else
            {
                runMs = Math.Max(1, Math.Min(runMs, Lifetime(started, run)));
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

        Assert.True(killedMidway >= Kills / 2, $"only {killedMidway} of {Kills} runs were killed before they ended");
        Directory.Delete(root, true);
    }

    [Fact]
    public void A_first_run_killed_before_it_ends_leaves_nothing()
    {
        var root = Path.Combine(Path.GetTempPath(), "leuka-kill-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(root);
        var scenario = Path.Combine(root, "short.json");
        File.WriteAllText(scenario, File.ReadAllText(CliRunner.Example("child-all-15kg.json")).Replace("\"bloodVolumes\": 2", "\"duration\": \"20 min\"", StringComparison.Ordinal));
        // One whole run sets the window (as above); the kills fall in the first 0.4 s of it at most:
        // before the output is written.
        int runMs;
        var started = DateTime.Now;
        using (var whole = Start(scenario, Path.Combine(root, "whole")))
        {
            whole.WaitForExit();
            Assert.True(whole.ExitCode == 0, whole.StandardError.ReadToEnd());
            runMs = Math.Min(400, Lifetime(started, whole));
        }

        var random = new Random(20261130);
        var killed = 0;
        for (var k = 0; k < 12; k++)
        {
            var outDir = Path.Combine(root, $"out{k}");
            using var run = Start(scenario, outDir);
            Thread.Sleep(random.Next(runMs));
            if (!run.HasExited)
            {
                run.Kill(entireProcessTree: true);
                killed++;
            }

            run.WaitForExit();
            if (Directory.Exists(outDir))
            {
                Assert.Equal(Files.Order(), Directory.GetFiles(outDir).Select(Path.GetFileName).Order());
            }

            // (A kill during the write may leave a half-written out{k}.tmp-PID beside it, never under
            // the name; the next run into the same --out removes it.)
        }

        Assert.True(killed >= 6, $"only {killed} of 12 runs were killed before they ended");
        Directory.Delete(root, true);
    }

    [Fact]
    public void Ctrl_c_in_a_terminal_leaves_the_cursor_shown()
    {
        // A terminal (a pseudo-terminal from util-linux `script`), the progress bar running, then
        // SIGINT to the leuka process as Ctrl-C sends it: the last cursor code must be "show".
        if (!File.Exists("/usr/bin/script"))
        {
            Assert.Fail("util-linux script is needed (Debian: bsdutils, an essential package)");
        }

        var root = Path.Combine(Path.GetTempPath(), "leuka-tty-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(root);
        var scenario = Path.Combine(root, "long.json");
        var events = string.Join(", ", Enumerable.Range(0, 10_000).Select(i => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{{ \"at\": \"{479.0 * (i + 1) / 10_001:0.####} min\", \"set\": {{ \"inletFlow\": \"{50 + (i % 2)} mL/min\" }} }}")));
        var json = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(CliRunner.Example("cml-profound-hyperleukocytosis.json")))!;
        json["procedure"]!["stop"] = System.Text.Json.Nodes.JsonNode.Parse("""{ "duration": "8 h" }""");
        json["events"] = System.Text.Json.Nodes.JsonNode.Parse($"[{events}]");
        File.WriteAllText(scenario, json.ToJsonString());
        var typescript = Path.Combine(root, "typescript");
        // env resets SIGINT to its default: a test run started in the background (CI, nohup) inherits
        // it ignored, .NET then leaves it ignored, and the "Ctrl-C" would never reach the run.
        var command = $"env --default-signal=INT dotnet {Path.Combine(AppContext.BaseDirectory, "Leuka.Cli.dll")} simulate {scenario} --out {Path.Combine(root, "out")}";
        var info = new ProcessStartInfo("/usr/bin/script") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
        foreach (var a in new[] { "-qfec", command, typescript })
        {
            info.ArgumentList.Add(a);
        }

        using var terminal = Process.Start(info)!;
        // Drain what script echoes, so that a long run can never block on a full pipe.
        terminal.OutputDataReceived += (_, _) => { };
        terminal.ErrorDataReceived += (_, _) => { };
        terminal.BeginOutputReadLine();
        terminal.BeginErrorReadLine();
        var clock = Stopwatch.StartNew();
        while (!(File.Exists(typescript) && Read(typescript).Contains("\u001b[?25l", StringComparison.Ordinal)) && clock.ElapsedMilliseconds < 30_000)
        {
            Thread.Sleep(20);
        }

        // The leuka process inside the terminal: the one whose command line runs this scenario.
        var leuka = Directory.GetDirectories("/proc").Select(Path.GetFileName).Where(d => d!.All(char.IsAsciiDigit)).Select(d => int.Parse(d!, System.Globalization.CultureInfo.InvariantCulture))
            .Where(p => p != terminal.Id && CommandLine(p) is [var program, .., var last] && program.EndsWith("dotnet", StringComparison.Ordinal) && CommandLine(p).Contains(scenario))
            .ToList();
        Assert.NotEmpty(leuka);
        foreach (var pid in leuka)
        {
            Process.Start("/bin/kill", ["-INT", pid.ToString(System.Globalization.CultureInfo.InvariantCulture)])!.WaitForExit();
        }

        Assert.True(terminal.WaitForExit(30_000), "the interrupted run did not end");
        var screen = Read(typescript);
        Assert.NotEqual(0, terminal.ExitCode);
        Assert.True(screen.LastIndexOf("\u001b[?25h", StringComparison.Ordinal) > screen.LastIndexOf("\u001b[?25l", StringComparison.Ordinal), "the cursor is left hidden");
        Assert.False(Directory.Exists(Path.Combine(root, "out")), "an interrupted first run leaves no output directory");
        Directory.Delete(root, true);
    }

    // How long a process that has exited ran, from just before its start to its exit, in
    // milliseconds (its own start time is gone from /proc once it has exited).
    private static int Lifetime(DateTime started, Process process) => (int)Math.Ceiling((process.ExitTime - started).TotalMilliseconds);

    private static string[] CommandLine(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").Split('\0', StringSplitOptions.RemoveEmptyEntries);
        }
        catch (IOException)
        {
            return [];
        }
        catch (UnauthorizedAccessException)
        {
            return [];
        }
    }

    private static string Read(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        return new StreamReader(stream).ReadToEnd();
    }
}
