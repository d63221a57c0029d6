using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Leuka.Cli.Tests;

/// <summary>
/// A cohort on three Orleans silo processes gives the files of a one-process run. Each silo has its
/// own address (127.0.0.1, 127.0.0.2, 127.0.0.3: all this machine's loopback, but three addresses as
/// three hosts would have), and all three use the same ports.
/// </summary>
public sealed class CohortClusterTests
{
    // Two free ports, held open together while they are chosen: one listener after another may be
    // given the same port twice (it happened in CI), and the silo refuses equal ports.
    private static (int, int) TwoFreePorts()
    {
        using var first = new TcpListener(IPAddress.Loopback, 0);
        using var second = new TcpListener(IPAddress.Loopback, 0);
        first.Start();
        second.Start();
        var ports = (((IPEndPoint)first.LocalEndpoint).Port, ((IPEndPoint)second.LocalEndpoint).Port);
        first.Stop();
        second.Stop();
        return ports;
    }

    private static Process Silo(string address, int port, int gateway, string primary)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { Path.Combine(AppContext.BaseDirectory, "Leuka.Cli.dll"), "cohort", "silo", "--address", address, "--port", $"{port}", "--gateway", $"{gateway}", "--primary", primary })
        {
            info.ArgumentList.Add(a);
        }

        return Process.Start(info)!;
    }

    [Fact]
    public async Task Three_silos_run_a_cohort_and_give_exactly_the_files_of_one_process()
    {
        var root = Directory.CreateTempSubdirectory("leuka-cluster-").FullName;
        var cohort = Path.Combine(root, "cohort.json");
        var file = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryFiles.Root, "examples", "cohorts", "car-t-collections.json")))!;
        var scenario = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(CliRunner.Example("car-t-lymphocyte-collection.json")))!;
        scenario["procedure"]!["stop"] = System.Text.Json.Nodes.JsonNode.Parse("""{ "processedVolume": "3 L" }""");
        file["scenario"] = scenario;
        File.WriteAllText(cohort, file.ToJsonString());

        var (port, gateway) = TwoFreePorts();
        string[] addresses = ["127.0.0.1", "127.0.0.2", "127.0.0.3"];
        var silos = new List<Process>();
        try
        {
            for (var i = 0; i < 3; i++)
            {
                var silo = Silo(addresses[i], port, gateway, $"127.0.0.1:{port}");
                silos.Add(silo);
                // Each silo says when it has joined; the first must be up before the others join it.
                var line = await silo.StandardOutput.ReadLineAsync(TestContext.Current.CancellationToken).AsTask().WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);
                Assert.True(line?.StartsWith("ready:", StringComparison.Ordinal) == true, $"silo {i} did not start: {line} {(silo.HasExited ? await silo.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken) : "")}");
            }

            // 120 members in 24 chunks of 5 (eight per silo), placed at random by Orleans.
            var (exit, _, error) = CliRunner.Run("cohort", cohort, "--n", "120", "--cluster", string.Join(",", addresses.Select(a => $"{a}:{gateway}")), "--out", Path.Combine(root, "cluster"));
            Assert.True(exit == 0, error);
            Assert.Contains("cluster: 3 silos ran the chunks", error, StringComparison.Ordinal);

            Assert.Equal(0, CliRunner.Run("cohort", cohort, "--n", "120", "--out", Path.Combine(root, "local")).Exit);
            foreach (var f in new[] { "members.parquet", "summary.json", "summary.md" })
            {
                Assert.Equal(File.ReadAllBytes(Path.Combine(root, "local", f)), File.ReadAllBytes(Path.Combine(root, "cluster", f)));
            }
        }
        finally
        {
            foreach (var silo in silos)
            {
                silo.Kill(entireProcessTree: true);
                await silo.WaitForExitAsync(TestContext.Current.CancellationToken);
                silo.Dispose();
            }
        }

        // Gateways that are not ports, or a cluster with shards: refused before anything runs. (No silo
        // at a gateway fails after the client's 15-s wait, naming the ports: not waited for here.)
        var bad = CliRunner.Run("cohort", cohort, "--n", "10", "--cluster", "30000,http", "--out", Path.Combine(root, "none"));
        Assert.Equal(2, bad.Exit);
        Assert.Contains("--cluster: \"30000,http\" is not a list of gateways", bad.Err, StringComparison.Ordinal);
        Assert.Contains("--cluster: not with --shard", CliRunner.Run("cohort", cohort, "--n", "10", "--cluster", "30000", "--shard", "1/2").Err, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(root, "none")));

        // A silo must be reachable at the address it gives: not "any address", not a name.
        var any = CliRunner.Run("cohort", "silo", "--address", "0.0.0.0");
        Assert.Equal(2, any.Exit);
        Assert.StartsWith("--address: \"0.0.0.0\" is not an IP address", any.Err, StringComparison.Ordinal);
        Assert.StartsWith("--primary:", CliRunner.Run("cohort", "silo", "--primary", "first").Err, StringComparison.Ordinal);
    }
}
