using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Orleans.Placement;

namespace Leuka.Cohorts;

/// <summary>A chunk of a cohort computed on a silo: its members as Parquet, and which silo ran it.</summary>
/// <param name="Parquet">members.parquet of the chunk.</param>
/// <param name="Silo">The silo's address.</param>
[GenerateSerializer]
[Alias("Leuka.Cohorts.CohortChunk")]
public sealed record CohortChunk([property: Id(0)] byte[] Parquet, [property: Id(1)] string Silo);

/// <summary>A grain that simulates consecutive members of a cohort.</summary>
[Alias("Leuka.Cohorts.ICohortChunkGrain")]
public interface ICohortChunkGrain : IGrainWithIntegerKey
{
    /// <summary>Members [first, first + count) of the cohort whose canonical file is <paramref name="cohort"/>.</summary>
    [Alias("Run")]
    Task<CohortChunk> Run(string cohort, long first, long count, bool exact);
}

/// <summary>
/// Runs chunks on the silo it is placed on (at random: chunks spread over the silos whatever their
/// load when the cohort starts). A silo keeps one runner per cohort, so the chunks it runs share the
/// separator response's nodes.
/// </summary>
[RandomPlacement]
public sealed class CohortChunkGrain(ILocalSiloDetails silo) : Grain, ICohortChunkGrain
{
    private static readonly ConcurrentDictionary<(string, bool), Lazy<(CohortFile Cohort, CohortRunner Runner)>> Runners = new();

    /// <inheritdoc />
    public async Task<CohortChunk> Run(string cohort, long first, long count, bool exact)
    {
        var (file, runner) = Runners.GetOrAdd((cohort, exact), key => new Lazy<(CohortFile, CohortRunner)>(() =>
        {
            var (parsed, errors) = CohortFile.Parse(key.Item1, Path.GetTempPath());
            var c = parsed ?? throw new ArgumentException(string.Join("; ", errors), nameof(cohort));
            return (c, new CohortRunner(c, key.Item2));
        })).Value;
        var rows = await Task.Run(() => runner.Run(first, count));
        using var stream = new MemoryStream();
        await CohortTable.WriteParquet(file, rows, stream);
        return new CohortChunk(stream.ToArray(), silo.SiloAddress.ToString());
    }
}

/// <summary>
/// A cohort spread over Microsoft Orleans silos (docs/cohorts.md): <see cref="RunSilo"/> hosts one
/// silo at an address (loopback unless told otherwise), joined to the cluster through its first
/// (primary) silo; <see cref="Run"/> connects to their gateways, sends chunks of consecutive
/// members as grain calls (Orleans places them on the silos), and joins the chunks as they come
/// back. Every member's row is what one process computes (member seeds, quantized separator), so
/// the files are identical to a local run's.
/// </summary>
public static class CohortCluster
{
    /// <summary>Most members per chunk (a grain call): there are at least eight chunks per silo, so that they spread and stream back; a call costs nothing beside 500 members.</summary>
    public const int ChunkSize = 500;

    /// <summary>The cluster's and the service's names: silos and clients must agree on them.</summary>
    private const string ClusterId = "leuka-cohorts", ServiceId = "leuka";

    /// <summary>
    /// Reads endpoints written as a port (on <paramref name="host"/>) or an IP address with its port
    /// (<c>10.0.0.5:30000</c>, <c>[::1]:30000</c>), comma-separated; null for anything else.
    /// </summary>
    public static IReadOnlyList<IPEndPoint>? Endpoints(string text, IPAddress host)
    {
        ArgumentNullException.ThrowIfNull(text);
        var list = new List<IPEndPoint>();
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries))
        {
            if (int.TryParse(part, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var port) && port is >= 1024 and <= 65535)
            {
                list.Add(new IPEndPoint(host, port));
            }
            else if (part.Contains(':', StringComparison.Ordinal) && IPEndPoint.TryParse(part, out var endpoint) && endpoint.Port is >= 1024 and <= 65535)
            {
                list.Add(endpoint);
            }
            else
            {
                return null;
            }
        }

        return list.Count == 0 ? null : list;
    }

    /// <summary>How long the client waits for a gateway.</summary>
    public static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(15);

    /// <summary>
    /// Hosts a silo until <paramref name="stop"/>: it listens on, and tells the others, <paramref name="address"/>
    /// (silo-to-silo and gateway ports), and joins the cluster whose membership the primary silo at
    /// <paramref name="primary"/> keeps (Orleans' development clustering: no database, the primary
    /// must be up first and stay up). <paramref name="ready"/> is called once it has joined.
    /// </summary>
    public static async Task RunSilo(IPAddress address, int siloPort, int gatewayPort, IPEndPoint primary, Action<string> ready, CancellationToken stop)
    {
        ArgumentNullException.ThrowIfNull(address);
        ArgumentNullException.ThrowIfNull(primary);
        ArgumentNullException.ThrowIfNull(ready);
        var builder = Host.CreateApplicationBuilder();
        // Errors only: a silo's start-up advice (server GC, watchdog notes) is not for the operator's console.
        builder.Logging.SetMinimumLevel(LogLevel.Error);
        builder.UseOrleans(silo => silo
            .UseDevelopmentClustering(primary)
            .Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (ClusterId, ServiceId))
            .ConfigureEndpoints(address, siloPort, gatewayPort)
            .Configure<SiloMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromMinutes(30)));
        using var host = builder.Build();
        await host.StartAsync(stop);
        ready($"silo on {new IPEndPoint(address, siloPort)}, gateway {new IPEndPoint(address, gatewayPort)}, primary {primary}");
        try
        {
            await Task.Delay(Timeout.Infinite, stop);
        }
        catch (OperationCanceledException)
        {
        }

        await host.StopAsync(CancellationToken.None);
    }

    /// <summary>Runs members [0, size) on the silos behind <paramref name="gateways"/> (any of them will do); returns the rows in member order and the silos that ran them.</summary>
    public static async Task<(List<CohortRow> Rows, IReadOnlyList<string> Silos)> Run(CohortFile cohort, long size, bool exact, IReadOnlyList<IPEndPoint> gateways, Action<long>? done = null, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(cohort);
        ArgumentNullException.ThrowIfNull(gateways);
        var builder = Host.CreateApplicationBuilder();
        // The caller reports a failure to connect; the client's own log of it would repeat it with a stack trace.
        builder.Logging.SetMinimumLevel(LogLevel.Critical);
        builder.UseOrleansClient(client => client
            .UseStaticClustering([.. gateways])
            .Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (ClusterId, ServiceId))
            .Configure<ClientMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromMinutes(30)));
        using var host = builder.Build();
        // Orleans retries a missing gateway for minutes; a cohort asked of silos that are not there fails in 15 s.
        using (var connect = CancellationTokenSource.CreateLinkedTokenSource(cancel))
        {
            connect.CancelAfter(ConnectTimeout);
            try
            {
                await host.StartAsync(connect.Token);
            }
            catch (OperationCanceledException) when (!cancel.IsCancellationRequested)
            {
                throw new TimeoutException($"no gateway answered within {ConnectTimeout.TotalSeconds:0} s");
            }
        }

        try
        {
            var client = host.Services.GetRequiredService<IClusterClient>();
            var hosts = (await client.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true)).Count;
            var chunkSize = Math.Clamp((size + (8L * hosts) - 1) / (8L * Math.Max(1, hosts)), 1, ChunkSize);
            var chunks = (int)((size + chunkSize - 1) / chunkSize);
            var finished = 0L;
            // A fresh grain key per run, so a silo never answers from an earlier run's activation.
            var run = Random.Shared.NextInt64(1, long.MaxValue / 2 / Math.Max(1, chunks));
            var calls = Enumerable.Range(0, chunks).Select(async c =>
            {
                var first = c * chunkSize;
                var count = Math.Min(chunkSize, size - first);
                var chunk = await client.GetGrain<ICohortChunkGrain>((run * chunks) + c).Run(cohort.Canonical, first, count, exact);
                done?.Invoke(Interlocked.Add(ref finished, count));
                return chunk;
            }).ToList();
            var results = await Task.WhenAll(calls);
            var rows = new List<CohortRow>();
            foreach (var chunk in results)
            {
                using var stream = new MemoryStream(chunk.Parquet);
                rows.AddRange(await CohortTable.ReadParquet(cohort, stream));
            }

            return (rows, [.. results.Select(r => r.Silo).Distinct().Order(StringComparer.Ordinal)]);
        }
        finally
        {
            await host.StopAsync(CancellationToken.None);
        }
    }
}
