using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using Leuka.Cohorts;
using Spectre.Console;

namespace Leuka.Cli;

/// <summary>
/// <c>leuka cohort COHORT [--n N] [--out DIR] [--csv] [--shard i/N]</c> and <c>leuka cohort merge
/// COHORT SHARD... --out DIR</c>: a virtual cohort, whole or in parts (docs/cohorts.md).
/// </summary>
internal static class CohortCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr, IAnsiConsole console, bool interactive)
    {
        var file = new Argument<string>("COHORT") { Description = "The cohort file (docs/cohorts.md)." };
        var size = new Option<string?>("--n") { Description = "Members (default: the file's size)." };
        var output = new Option<string?>("--out") { Description = "Output directory (default: results/<cohort file name>-cohort, or …-shard-i-of-N)." };
        var csv = new Option<bool>("--csv") { Description = "Also write members.csv." };
        var shard = new Option<string?>("--shard") { Description = "Run only part i of N (e.g. 2/3): consecutive members; join the parts with 'leuka cohort merge'." };
        var exact = new Option<bool>("--exact") { Description = "Solve the separator in full at every operating point, as 'leuka simulate' does, instead of interpolating its response (about 100 times slower; docs/cohorts.md)." };
        var cluster = new Option<string?>("--cluster") { Description = "Run on Orleans silos ('leuka cohort silo') through these gateways: ports on this machine or IP:port, e.g. 30000,30001 or 10.0.0.5:30000,10.0.0.6:30000; the files are those of a local run." };
        var command = new Command("cohort", "Simulate a virtual cohort: one row per member (Parquet, CSV on request), a summary with percentiles, and plots.") { file, size, output, csv, shard, exact, cluster };
        command.SetAction(p => Run(p.GetValue(file)!, p.GetValue(size), p.GetValue(output), p.GetValue(csv), p.GetValue(shard), p.GetValue(exact), p.GetValue(cluster), stdout, stderr, console, interactive));

        var mergeFile = new Argument<string>("COHORT") { Description = "The cohort file the shards were run from." };
        var shards = new Argument<string[]>("SHARD") { Description = "The shards' directories.", Arity = ArgumentArity.OneOrMore };
        var mergeOut = new Option<string>("--out") { Description = "Output directory for the joined cohort.", Required = true };
        var mergeCsv = new Option<bool>("--csv") { Description = "Also write members.csv." };
        var mergeExact = new Option<bool>("--exact") { Description = "The shards were run with --exact." };
        var merge = new Command("merge", "Join the shards of one cohort into what one process would have written (checked: same cohort, one split, complete).") { mergeFile, shards, mergeOut, mergeCsv, mergeExact };
        merge.SetAction(p => Merge(p.GetValue(mergeFile)!, p.GetValue(shards)!, p.GetValue(mergeOut)!, p.GetValue(mergeCsv), p.GetValue(mergeExact), stdout, stderr));
        command.Subcommands.Add(merge);

        var siloPort = new Option<int>("--port") { Description = "Silo-to-silo port.", DefaultValueFactory = _ => 11111 };
        var gateway = new Option<int>("--gateway") { Description = "Client gateway port (give these to --cluster).", DefaultValueFactory = _ => 30000 };
        var address = new Option<string>("--address") { Description = "The IP address this silo listens on and gives the others (default 127.0.0.1: this machine only). Another machine's silos and clients need an address they can reach; a cluster has no authentication, so keep it on a private network.", DefaultValueFactory = _ => "127.0.0.1" };
        var primary = new Option<string?>("--primary") { Description = "The first silo, which keeps the cluster's membership: its --port on this address, or IP:port (default: this silo is the first; every other silo names it)." };
        var silo = new Command("silo", "Host an Orleans silo that runs cohort chunks until stopped (Ctrl-C or SIGTERM); loopback unless --address says otherwise.") { siloPort, gateway, address, primary };
        silo.SetAction(async (p, cancel) =>
        {
            var (port, gw) = (p.GetValue(siloPort), p.GetValue(gateway));
            var problems = new List<string>();
            if (port is < 1024 or > 65535 || gw is < 1024 or > 65535 || port == gw)
            {
                problems.Add($"--port/--gateway: {port} and {gw} must be two different ports from 1024 to 65535");
            }

            var addressText = p.GetValue(address)!;
            if (!IPAddress.TryParse(addressText, out var ip) || !addressText.Contains('.', StringComparison.Ordinal) && !addressText.Contains(':', StringComparison.Ordinal) || ip.Equals(IPAddress.Any) || ip.Equals(IPAddress.IPv6Any))
            {
                problems.Add($"--address: \"{addressText}\" is not an IP address of this machine that others can reach; give e.g. 127.0.0.1 or 10.0.0.5 (not 0.0.0.0)");
                ip = IPAddress.Loopback;
            }

            var primaryText = p.GetValue(primary);
            var primaryAt = primaryText is null ? [new IPEndPoint(ip, port)] : CohortCluster.Endpoints(primaryText, ip);
            if (primaryAt is not { Count: 1 })
            {
                problems.Add($"--primary: \"{primaryText}\" is not one silo port (1024–65535) or IP:port, e.g. 11111 or 10.0.0.5:11111");
            }

            if (problems.Count > 0)
            {
                problems.ForEach(stderr.WriteLine);
                return ExitCodes.InvalidInput;
            }

            await CohortCluster.RunSilo(ip, port, gw, primaryAt![0], line => stdout.WriteLine("ready: " + line), cancel);
            return ExitCodes.Success;
        });
        command.Subcommands.Add(silo);
        return command;
    }

    private static int Run(string path, string? sizeText, string? outDir, bool csv, string? shardText, bool exact, string? clusterText, TextWriter stdout, TextWriter stderr, IAnsiConsole console, bool interactive)
    {
        var (cohort, errors) = CohortFile.Load(path);
        var problems = errors.Select(e => e.ToString()).ToList();
        long size = cohort?.Size ?? 0;
        if (sizeText is not null && !(long.TryParse(sizeText, NumberStyles.None, CultureInfo.InvariantCulture, out size) && size is >= 1 and <= CohortFile.MaxSize))
        {
            problems.Add($"--n: \"{sizeText}\" is not a number of members; give 1 to {CohortFile.MaxSize:N0}");
        }

        CohortShard? part = null;
        if (shardText is not null)
        {
            var slash = shardText.Split('/');
            if (slash.Length == 2 && int.TryParse(slash[0], NumberStyles.None, CultureInfo.InvariantCulture, out var i) && int.TryParse(slash[1], NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= 1 && i >= 1 && i <= n && n <= size)
            {
                part = CohortShard.Part(i, n, size);
            }
            else
            {
                problems.Add($"--shard: \"{shardText}\" is not i/N with 1 ≤ i ≤ N ≤ members (e.g. 2/3)");
            }
        }

        IReadOnlyList<IPEndPoint>? gateways = null;
        if (clusterText is not null)
        {
            gateways = CohortCluster.Endpoints(clusterText, IPAddress.Loopback);
            if (gateways is null)
            {
                problems.Add($"--cluster: \"{clusterText}\" is not a list of gateways: ports (1024–65535) on this machine or IP:port, e.g. 30000,30001 or 10.0.0.5:30000");
            }
            else if (shardText is not null)
            {
                problems.Add("--cluster: not with --shard (the cluster runs the whole cohort; shards are for machines without one)");
            }
        }

        if (problems.Count > 0 || cohort is null)
        {
            foreach (var problem in problems)
            {
                stderr.WriteLine(problem);
            }

            return ExitCodes.InvalidInput;
        }

        var name = Path.GetFileNameWithoutExtension(path);
        var directory = outDir ?? Path.Combine("results", part is null ? $"{name}-cohort" : $"{name}-shard-{part.Index}-of-{part.Of}");
        var first = part?.First ?? 0;
        var count = part?.Count ?? size;
        var runner = new CohortRunner(cohort, exact);
        var clock = Stopwatch.StartNew();
        CohortRow[] rows;
        if (gateways is not null)
        {
            try
            {
                var (clustered, silos) = CohortCluster.Run(cohort, size, exact, gateways).GetAwaiter().GetResult();
                rows = [.. clustered];
                stderr.WriteLine($"cluster: {silos.Count} silos ran the chunks ({string.Join(", ", silos)})");
            }
            catch (Exception e) when (e is Orleans.Runtime.OrleansException or TimeoutException or System.Net.Sockets.SocketException or InvalidOperationException)
            {
                stderr.WriteLine($"--cluster: no cohort silo answered at {string.Join(", ", gateways)} ({e.Message.Split('\n')[0]}); start them with 'leuka cohort silo'");
                return ExitCodes.Failure;
            }
        }
        else if (interactive)
        {
            rows = [];
            console.Progress()
                .AutoClear(true)
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
                .Start(context =>
                {
                    var task = context.AddTask("members", maxValue: count);
                    var done = 0L;
                    var work = Task.Run(() => runner.Run(first, count, () => Interlocked.Increment(ref done)));
                    while (!work.Wait(200))
                    {
                        var finished = Interlocked.Read(ref done);
                        task.Value = finished;
                        task.Description = string.Create(CultureInfo.InvariantCulture, $"{finished:N0}/{count:N0} members, {finished / Math.Max(clock.Elapsed.TotalSeconds, 1e-3):0.#}/s");
                    }

                    rows = work.Result;
                    task.Value = count;
                });
        }
        else
        {
            rows = runner.Run(first, count);
        }

        var seconds = clock.Elapsed.TotalSeconds;
        if (gateways is null)
        {
            stderr.WriteLine(string.Create(CultureInfo.InvariantCulture, $"separator: {runner.Solves:N0} full channel solves{(exact ? "" : " (the response grid's nodes, shared by every member)")}"));
        }
        if (part is null)
        {
            CohortOutput.Write(cohort, rows, directory, csv, exact).GetAwaiter().GetResult();
            stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{count:N0} members in {seconds:0.0} s ({count / Math.Max(seconds, 1e-3):0.#} a second): wrote {directory}/members.parquet{(csv ? ", members.csv" : "")}, summary.json, summary.md and plots/"));
        }
        else
        {
            CohortOutput.WriteShard(cohort, size, part, rows, directory, exact).GetAwaiter().GetResult();
            stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"shard {part.Index}/{part.Of}: members {first:N0}–{first + count - 1:N0} in {seconds:0.0} s: wrote {directory}; join the shards with 'leuka cohort merge {path} DIR... --out DIR'"));
        }

        return ExitCodes.Success;
    }

    private static int Merge(string path, string[] shards, string outDir, bool csv, bool exact, TextWriter stdout, TextWriter stderr)
    {
        var (cohort, errors) = CohortFile.Load(path);
        if (cohort is null)
        {
            foreach (var e in errors)
            {
                stderr.WriteLine(e);
            }

            return ExitCodes.InvalidInput;
        }

        try
        {
            var (rows, size) = CohortOutput.Merge(cohort, shards, exact).GetAwaiter().GetResult();
            CohortOutput.Write(cohort, rows, outDir, csv, exact).GetAwaiter().GetResult();
            stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"joined {shards.Length} shards, {size:N0} members: wrote {outDir}"));
            return ExitCodes.Success;
        }
        catch (FormatException e)
        {
            stderr.WriteLine("SHARD: " + e.Message);
            return ExitCodes.InvalidInput;
        }
    }
}
