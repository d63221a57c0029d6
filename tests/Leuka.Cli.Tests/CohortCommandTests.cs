using System.Text.Json.Nodes;
using Leuka.Cohorts;

namespace Leuka.Cli.Tests;

/// <summary><c>leuka cohort</c>: members drawn from their own seeds, the same rows however the cohort is split, and cohort files checked field by field.</summary>
public sealed class CohortCommandTests
{
    private static string TempDirectory() => Directory.CreateTempSubdirectory("leuka-cohort-").FullName;

    // The shipped CAR-T cohort on a 3-L collection, so that the suite stays short.
    private static string ShortCohort(string directory, long seed = 20261130)
    {
        var cohort = JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryFiles.Root, "examples", "cohorts", "car-t-collections.json")))!;
        var scenario = JsonNode.Parse(File.ReadAllText(CliRunner.Example("car-t-lymphocyte-collection.json")))!;
        scenario["procedure"]!["stop"] = JsonNode.Parse("""{ "processedVolume": "3 L" }""");
        cohort["scenario"] = scenario;
        cohort["seed"] = seed;
        var path = Path.Combine(directory, $"cohort-{seed}.json");
        File.WriteAllText(path, cohort.ToJsonString());
        return path;
    }

    [Fact]
    public async Task Three_shards_merged_give_the_bytes_of_one_run_and_any_member_rerun_alone_gives_its_row()
    {
        var root = TempDirectory();
        var cohort = ShortCohort(root);
        var (exit, output, error) = CliRunner.Run("cohort", cohort, "--n", "9", "--out", Path.Combine(root, "all"), "--csv");
        Assert.True(exit == 0, error);
        Assert.Contains("9 members in", output, StringComparison.Ordinal);
        foreach (var i in new[] { 3, 1, 2 })
        {
            Assert.Equal(0, CliRunner.Run("cohort", cohort, "--n", "9", "--shard", $"{i}/3", "--out", Path.Combine(root, $"s{i}")).Exit);
        }

        var merged = CliRunner.Run("cohort", "merge", cohort, Path.Combine(root, "s2"), Path.Combine(root, "s3"), Path.Combine(root, "s1"), "--out", Path.Combine(root, "merged"), "--csv");
        Assert.True(merged.Exit == 0, merged.Err);
        foreach (var file in new[] { "members.parquet", "members.csv", "summary.json", "summary.md" })
        {
            Assert.Equal(File.ReadAllBytes(Path.Combine(root, "all", file)), File.ReadAllBytes(Path.Combine(root, "merged", file)));
        }

        // Member 7 alone, in a fresh runner (its own separator cache), is row 7.
        var (file7, _) = CohortFile.Load(cohort);
        var alone = new CohortRunner(file7!).Run(7);
        var csv = File.ReadAllLines(Path.Combine(root, "all", "members.csv"));
        Assert.Equal(10, csv.Length);
        Assert.Equal(csv[8], CohortTable.Csv(file7!, [alone]).Split('\n')[1].TrimEnd('\r'));

        // The Parquet file holds what the CSV holds, and the summary's median is the middle member's.
        await using var stream = File.OpenRead(Path.Combine(root, "all", "members.parquet"));
        var rows = await CohortTable.ReadParquet(file7!, stream);
        Assert.Equal(csv.Skip(1), CohortTable.Csv(file7!, rows).Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(l => l.TrimEnd('\r')));
        var summary = JsonNode.Parse(File.ReadAllText(Path.Combine(root, "all", "summary.json")))!;
        var durations = rows.Select(r => r.Outputs[0]).Order().ToArray();
        Assert.Equal(Math.Round(durations[4], 3), Math.Round((double)summary["outputs"]!["durationMin"]!["p50"]!, 3));
        Assert.Equal(9, (int)summary["members"]!);
        Assert.True(File.Exists(Path.Combine(root, "all", "plots", "durationMin.png")));
        Assert.True(File.Exists(Path.Combine(root, "all", "plots", "durationMin-vs-patient.weight.png")));
    }

    [Fact]
    public void Member_seeds_follow_the_documented_scheme_and_differ_between_members_and_cohorts()
    {
        // SplitMix64 of seed + (k + 1)·0x9E3779B97F4A7C15, low 31 bits (docs/cohorts.md): fixed values, so a change is seen.
        var seeds = Enumerable.Range(0, 10_000).Select(k => CohortRunner.MemberSeed(20261130, k)).ToHashSet();
        Assert.True(seeds.Count > 9_990, $"{seeds.Count} distinct seeds in 10,000");
        Assert.NotEqual(CohortRunner.MemberSeed(1, 5), CohortRunner.MemberSeed(2, 5));
        Assert.Equal(ExpectedSplitMix(0, 0), CohortRunner.MemberSeed(0, 0));
        Assert.Equal(ExpectedSplitMix(20261130, 41), CohortRunner.MemberSeed(20261130, 41));

        // The reference SplitMix64 (Steele, Lea and Flood 2014), written out independently.
        static long ExpectedSplitMix(long seed, long k)
        {
            var state = unchecked((ulong)seed + ((ulong)(k + 1) * 0x9E3779B97F4A7C15UL));
            var z = state;
            z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
            z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
            return (long)((z ^ (z >> 31)) & 0x7FFFFFFF);
        }
    }

    [Fact]
    public void Bad_cohort_files_options_and_shards_are_refused_naming_the_field_and_writing_nothing()
    {
        var root = TempDirectory();
        var good = JsonNode.Parse(File.ReadAllText(ShortCohort(root)))!;
        (string Edit, string Expected)[] cases =
        [
            ("""{ "sizes": 3 }""", "sizes: unknown field"),
            ("""{ "vary": [ { "path": "patient.eyeColour", "uniform": [1, 2] } ] }""", "vary[0].path: \"patient.eyeColour\" cannot be drawn"),
            ("""{ "vary": [ { "path": "patient.weight", "uniform": ["50 kg", "240 lb"] } ] }""", "vary[0].uniform: both ends in the same unit"),
            ("""{ "vary": [ { "path": "patient.weight", "uniform": ["50 kg", "900 kg"] } ] }""", "vary[0]: patient.weight"),
            ("""{ "vary": [ { "path": "patient.sex", "choose": { "female": 1, "other": 1 } } ] }""", "vary[0].choose.other"),
            ("""{ "vary": [ { "path": "patient.labs.hematocrit", "normal": { "mean": "34 %", "sd": "4 %", "min": "40 %", "max": "45 %" } } ] }""", "vary[0].normal: sd above 0 and min ≤ mean ≤ max"),
            ("""{ "outputs": ["wbc.post"] }""", "outputs[0]: \"wbc.post\" is not a summary.json number"),
            ("""{ "vary": [ { "path": "procedure.device", "choose": { "spectra-optia-wbcd": 1 } } ] }""", "vary[\"procedure.device\"]: \"spectra-optia-wbcd\" does not fit the scenario"),
            ("""{ "variation": "some" }""", "variation: \"some\""),
            ("""{ "seed": "one" }""", "seed: required: a whole number"),
        ];
        foreach (var (edit, expected) in cases)
        {
            var file = (JsonObject)good.DeepClone();
            foreach (var (key, value) in JsonNode.Parse(edit)!.AsObject())
            {
                file[key] = value?.DeepClone();
            }

            var path = Path.Combine(root, "bad.json");
            File.WriteAllText(path, file.ToJsonString());
            var output = Path.Combine(root, "never");
            var (exit, _, error) = CliRunner.Run("cohort", path, "--n", "2", "--out", output);
            Assert.Equal(2, exit);
            Assert.Contains(expected, error, StringComparison.Ordinal);
            Assert.False(Directory.Exists(output));
        }

        var cohort = ShortCohort(root);
        Assert.Contains("--n: \"0\"", CliRunner.Run("cohort", cohort, "--n", "0").Err, StringComparison.Ordinal);
        Assert.Contains("--shard: \"3/2\"", CliRunner.Run("cohort", cohort, "--n", "4", "--shard", "3/2").Err, StringComparison.Ordinal);

        // Shards of another cohort (another seed), or an incomplete set, are not merged.
        var other = ShortCohort(root, seed: 7);
        Assert.Equal(0, CliRunner.Run("cohort", cohort, "--n", "2", "--shard", "1/2", "--out", Path.Combine(root, "a1")).Exit);
        Assert.Equal(0, CliRunner.Run("cohort", other, "--n", "2", "--shard", "2/2", "--out", Path.Combine(root, "b2")).Exit);
        var mixed = CliRunner.Run("cohort", "merge", cohort, Path.Combine(root, "a1"), Path.Combine(root, "b2"), "--out", Path.Combine(root, "m"));
        Assert.Equal(2, mixed.Exit);
        Assert.Contains("a shard of another cohort", mixed.Err, StringComparison.Ordinal);
        var missing = CliRunner.Run("cohort", "merge", cohort, Path.Combine(root, "a1"), "--out", Path.Combine(root, "m"));
        Assert.Contains("shards missing: 2/2", missing.Err, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(root, "m")));
    }
}
