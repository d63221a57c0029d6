using System.Globalization;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Leuka.Cohorts;

/// <summary>
/// What a cohort run writes to its directory (docs/cohorts.md): <c>members.parquet</c> (and
/// <c>members.csv</c>), <c>summary.json</c> and <c>summary.md</c> with percentiles, and plots; a
/// shard writes its members and <c>shard.json</c>, and <see cref="Merge"/> joins shards into what
/// one process would have written.
/// </summary>
public static class CohortOutput
{
    /// <summary>The percentiles reported, as fractions (type 7: linear between order statistics).</summary>
    public static IReadOnlyList<double> Percentiles { get; } = [0.05, 0.25, 0.5, 0.75, 0.95];

    /// <summary>Leuka's version, part of a cohort's identity (another engine gives other rows).</summary>
    public static string EngineVersion { get; } = typeof(CohortRunner).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    /// <summary>The cohort's identity: SHA-256 of its canonical file (scenario inlined), its size, the separator's solve (exact or interpolated) and the engine version.</summary>
    public static string Identity(CohortFile cohort, long size, bool exact)
    {
        ArgumentNullException.ThrowIfNull(cohort);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{cohort.Canonical}\n{size}\n{(exact ? "exact" : "response")}\n{EngineVersion}")));
    }

    /// <summary>Writes a whole cohort's outputs.</summary>
    public static async Task Write(CohortFile cohort, IReadOnlyList<CohortRow> rows, string directory, bool csv, bool exact)
    {
        ArgumentNullException.ThrowIfNull(cohort);
        ArgumentNullException.ThrowIfNull(rows);
        Directory.CreateDirectory(directory);
        await using (var stream = File.Create(Path.Combine(directory, "members.parquet")))
        {
            await CohortTable.WriteParquet(cohort, rows, stream);
        }

        if (csv)
        {
            await File.WriteAllTextAsync(Path.Combine(directory, "members.csv"), CohortTable.Csv(cohort, rows));
        }

        var summary = Summary(cohort, rows, exact);
        await File.WriteAllTextAsync(Path.Combine(directory, "summary.json"), summary.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
        await File.WriteAllTextAsync(Path.Combine(directory, "summary.md"), Markdown(cohort, rows, summary));
        CohortPlots.Save(cohort, rows, Path.Combine(directory, "plots"));
    }

    /// <summary>Writes one shard's members and what identifies it.</summary>
    public static async Task WriteShard(CohortFile cohort, long size, CohortShard shard, IReadOnlyList<CohortRow> rows, string directory, bool exact)
    {
        ArgumentNullException.ThrowIfNull(cohort);
        ArgumentNullException.ThrowIfNull(shard);
        Directory.CreateDirectory(directory);
        await using (var stream = File.Create(Path.Combine(directory, "members.parquet")))
        {
            await CohortTable.WriteParquet(cohort, rows, stream);
        }

        var about = new JsonObject
        {
            ["cohort"] = Identity(cohort, size, exact), ["size"] = size, ["shard"] = shard.Index, ["of"] = shard.Of, ["first"] = shard.First, ["count"] = shard.Count,
        };
        await File.WriteAllTextAsync(Path.Combine(directory, "shard.json"), about.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
    }

    /// <summary>
    /// Joins shard directories of one cohort, checking they are that cohort's (same identity), of one
    /// split, complete and without overlap; returns the members in order, or throws
    /// <see cref="FormatException"/> naming the directory and what is wrong.
    /// </summary>
    public static async Task<(List<CohortRow> Rows, long Size)> Merge(CohortFile cohort, IReadOnlyList<string> directories, bool exact)
    {
        ArgumentNullException.ThrowIfNull(cohort);
        ArgumentNullException.ThrowIfNull(directories);
        var parts = new List<(JsonObject About, string Directory)>();
        foreach (var d in directories)
        {
            var file = Path.Combine(d, "shard.json");
            if (!File.Exists(file) || !File.Exists(Path.Combine(d, "members.parquet")))
            {
                throw new FormatException($"{d}: not a shard's directory (shard.json and members.parquet, as 'leuka cohort --shard i/N' writes)");
            }

            parts.Add((JsonNode.Parse(await File.ReadAllTextAsync(file))!.AsObject(), d));
        }

        if (parts.Count == 0)
        {
            throw new FormatException("no shard directories given");
        }

        var size = (long)parts[0].About["size"]!;
        var of = (int)parts[0].About["of"]!;
        var identity = Identity(cohort, size, exact);
        foreach (var (about, d) in parts)
        {
            if ((string?)about["cohort"] != identity)
            {
                throw new FormatException($"{d}: a shard of another cohort than this cohort file at {size} members (another file, --n, --exact or Leuka version)");
            }

            if ((int)about["of"]! != of)
            {
                throw new FormatException($"{d}: shard of {(int)about["of"]!}, the others are of {of}: merge the shards of one split");
            }
        }

        var indices = parts.Select(p => (int)p.About["shard"]!).ToList();
        var missing = Enumerable.Range(1, of).Except(indices).ToList();
        var twice = indices.GroupBy(i => i).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        if (missing.Count > 0 || twice.Count > 0)
        {
            throw new FormatException($"shards {(missing.Count > 0 ? "missing: " + string.Join(", ", missing.Select(i => $"{i}/{of}")) : "")}{(missing.Count > 0 && twice.Count > 0 ? "; " : "")}{(twice.Count > 0 ? "given twice: " + string.Join(", ", twice.Select(i => $"{i}/{of}")) : "")}");
        }

        var rows = new List<CohortRow>();
        foreach (var (about, d) in parts.OrderBy(p => (int)p.About["shard"]!))
        {
            await using var stream = File.OpenRead(Path.Combine(d, "members.parquet"));
            var part = await CohortTable.ReadParquet(cohort, stream);
            var expected = CohortShard.Part((int)about["shard"]!, of, size);
            if (part.Count != expected.Count || (part.Count > 0 && part[0].Member != expected.First))
            {
                throw new FormatException($"{d}: holds {part.Count} members from {(part.Count > 0 ? part[0].Member : 0)}; shard {expected.Index}/{of} has {expected.Count} from {expected.First}");
            }

            rows.AddRange(part);
        }

        return (rows, size);
    }

    /// <summary>Each output's and each numeric input's mean, SD and percentiles.</summary>
    public static JsonObject Summary(CohortFile cohort, IReadOnlyList<CohortRow> rows, bool exact)
    {
        ArgumentNullException.ThrowIfNull(cohort);
        ArgumentNullException.ThrowIfNull(rows);
        var outputs = new JsonObject();
        for (var o = 0; o < cohort.Outputs.Count; o++)
        {
            outputs[cohort.Outputs[o]] = Describe(rows.Select(r => r.Outputs[o]));
        }

        var inputs = new JsonObject();
        for (var i = 0; i < cohort.Inputs.Count; i++)
        {
            var input = cohort.Inputs[i];
            inputs[input.Column] = input.Numeric
                ? Describe(rows.Select(r => (double)r.Inputs[i]))
                : new JsonObject(input.Choices.Select(c => new KeyValuePair<string, JsonNode?>(c.Value, rows.Count(r => (string)r.Inputs[i] == c.Value))));
        }

        return new JsonObject
        {
            ["name"] = cohort.Name, ["members"] = rows.Count, ["seed"] = cohort.Seed, ["cohort"] = Identity(cohort, rows.Count, exact), ["leukaVersion"] = EngineVersion,
            ["separator"] = exact ? "full solve at every operating point" : "response interpolated between full solves at grid nodes (docs/model/separator.md)",
            ["percentiles"] = "type 7 (linear between order statistics)", ["outputs"] = outputs, ["inputs"] = inputs,
        };
    }

    /// <summary>The value at fraction <paramref name="p"/> of sorted values (type 7).</summary>
    public static double Quantile(IReadOnlyList<double> sorted, double p)
    {
        ArgumentNullException.ThrowIfNull(sorted);
        if (sorted.Count == 0)
        {
            return double.NaN;
        }

        var h = (sorted.Count - 1) * p;
        var lo = (int)Math.Floor(h);
        var hi = Math.Min(lo + 1, sorted.Count - 1);
        return sorted[lo] + ((h - lo) * (sorted[hi] - sorted[lo]));
    }

    private static JsonObject Describe(IEnumerable<double> values)
    {
        var finite = values.Where(double.IsFinite).Order().ToArray();
        var o = new JsonObject { ["n"] = finite.Length };
        if (finite.Length == 0)
        {
            return o;
        }

        var mean = finite.Average();
        o["mean"] = Round(mean);
        o["sd"] = Round(finite.Length > 1 ? Math.Sqrt(finite.Sum(v => (v - mean) * (v - mean)) / (finite.Length - 1)) : 0);
        o["min"] = Round(finite[0]);
        foreach (var p in Percentiles)
        {
            o["p" + (p * 100).ToString("0", CultureInfo.InvariantCulture)] = Round(Quantile(finite, p));
        }

        o["max"] = Round(finite[^1]);
        return o;
    }

    // Six significant figures: a summary, not the data (members.parquet holds every digit).
    private static double Round(double v) => v == 0 || !double.IsFinite(v) ? v : Math.Round(v, Math.Clamp(5 - (int)Math.Floor(Math.Log10(Math.Abs(v))), 0, 15));

    private static string Markdown(CohortFile cohort, IReadOnlyList<CohortRow> rows, JsonObject summary)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"# {cohort.Name}");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"{rows.Count} members, seed {cohort.Seed}, Leuka {EngineVersion}; each member's row is in members.parquet.");
        text.AppendLine();
        text.AppendLine("| output | mean | SD | 5 % | 25 % | median | 75 % | 95 % |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var (name, node) in summary["outputs"]!.AsObject())
        {
            var o = node!.AsObject();
            string F(string key) => o[key] is { } v ? ((double)v).ToString("G4", CultureInfo.InvariantCulture) : "–";
            text.AppendLine(CultureInfo.InvariantCulture, $"| {name} | {F("mean")} | {F("sd")} | {F("p5")} | {F("p25")} | {F("p50")} | {F("p75")} | {F("p95")} |");
        }

        return text.ToString();
    }
}
