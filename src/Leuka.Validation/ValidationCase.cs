using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Leuka.Formats;
using Leuka.Scenarios;

namespace Leuka.Validation;

/// <summary>
/// One published case as data (data/validation/*.json): the scenario with its assumed inputs marked,
/// what was observed, how to compare, and the citation. Format: docs/validation-data.md.
/// </summary>
/// <param name="Id">Case id (as in docs/reference/PUBLISHED-CASES.md).</param>
/// <param name="Title">Short title.</param>
/// <param name="Citation">Full citation.</param>
/// <param name="Scenario">The representative scenario (a scenario file's JSON).</param>
/// <param name="Assumed">Inputs the source does not report, with their plausible range.</param>
/// <param name="Cohort">A virtual cohort for aggregate outputs, or null.</param>
/// <param name="Outputs">Expected outputs.</param>
/// <param name="NotRunnable">Why the simulator cannot run this case yet (the missing capability), or null.</param>
/// <param name="Calibrates">Parameters fitted to this case (its rows are then not independent validation).</param>
public sealed record ValidationCase(
    string Id,
    string Title,
    string Citation,
    Scenario? Scenario,
    IReadOnlyList<AssumedInput> Assumed,
    CohortSpec? Cohort,
    IReadOnlyList<ExpectedOutput> Outputs,
    string? NotRunnable,
    IReadOnlyList<string> Calibrates)
{
    /// <summary>Reads every case file in a directory, in file-name order.</summary>
    public static IReadOnlyList<ValidationCase> LoadDirectory(string directory) =>
        [.. Directory.GetFiles(directory, "*.json").Where(f => !Path.GetFileName(f).StartsWith('_')).Order(StringComparer.Ordinal).Select(LoadFile)];

    /// <summary>Reads one case file; a malformed file throws <see cref="FormatException"/> naming the file and field.</summary>
    public static ValidationCase LoadFile(string path)
    {
        var file = Path.GetFileName(path);
        JsonObject root;
        try
        {
            root = JsonNode.Parse(File.ReadAllText(path))?.AsObject() ?? throw new FormatException($"{file}: empty");
        }
        catch (JsonException e)
        {
            throw new FormatException($"{file}: not valid JSON ({e.Message})", e);
        }

        string Text(JsonObject o, string name, string where) =>
            o[name]?.GetValue<string>() ?? throw new FormatException($"{file}: {where}{name} is missing");

        // Every scenario and every change a case makes is read and checked here, when the file is read.
        Scenario LoadScenario(JsonObject json)
        {
            var loaded = ScenarioLoader.Load(json.ToJsonString());
            return loaded.IsValid ? loaded.Scenario! : throw new FormatException($"{file}: scenario: {string.Join("; ", loaded.Errors)}");
        }

        ScenarioEdit Edit(string editPath, JsonNode? value)
        {
            try
            {
                return ScenarioEdit.Parse(editPath, value);
            }
            catch (FormatException e)
            {
                throw new FormatException($"{file}: {e.Message}", e);
            }
        }

        IReadOnlyList<ScenarioEdit> Edits(JsonObject set) => [.. set.Select(kv => Edit(kv.Key, kv.Value))];

        TrendVariation Variation(string editPath, JsonArray values) => new(editPath, [.. values.Select(v => Edit(editPath, v))]);

        var outputs = new List<ExpectedOutput>();
        foreach (var node in root["outputs"]?.AsArray() ?? throw new FormatException($"{file}: outputs is missing"))
        {
            var o = node!.AsObject();
            var vary = o["vary"]?.AsObject();
            if (o["notRunnable"] is null && root["notRunnable"] is null && ValidationRunner.MetricProblem(o["metric"]?.GetValue<string>() ?? "") is { } problem)
            {
                throw new FormatException($"{file}: outputs[\"{o["name"]?.GetValue<string>()}\"].metric: {problem}");
            }

            outputs.Add(new ExpectedOutput(
                Text(o, "name", "outputs[]."),
                o["metric"]?.GetValue<string>() ?? "",
                Text(o, "published", "outputs[]."),
                o["value"]?.GetValue<double>(),
                o["sd"]?.GetValue<double>(),
                o["centre"]?.GetValue<string>() ?? "mean",
                o["trend"]?.GetValue<string>(),
                vary is null ? null : Variation(Text(vary, "path", "outputs[].vary."), vary["values"]!.AsArray()),
                o["scale"]?.GetValue<double>() ?? 1,
                o["unit"]?.GetValue<string>() ?? "",
                o["notRunnable"]?.GetValue<string>(),
                o["fromCohort"]?.GetValue<bool>() ?? (o["sd"] is not null),
                o["set"] is JsonObject set ? Edits(set) : null,
                o["course"]?.GetValue<int>() ?? 1));
        }

        var assumed = (root["assumed"]?.AsArray() ?? []).Select(n => n!.AsObject()).Select(a => new AssumedInput(
            Text(a, "path", "assumed[]."), Edit(Text(a, "path", "assumed[]."), a["low"]), Edit(Text(a, "path", "assumed[]."), a["high"]), Text(a, "why", "assumed[]."))).ToList();

        CohortSpec? cohort = null;
        if (root["cohort"]?.AsObject() is { } c)
        {
            var vary = (c["vary"]?.AsArray() ?? []).Select(n => n!.AsObject()).Select(v => new CohortVariable(
                Text(v, "path", "cohort.vary[]."),
                v["low"]!.GetValue<double>(),
                v["high"]!.GetValue<double>(),
                v["unit"]?.GetValue<string>(),
                v["log"]?.GetValue<bool>() ?? false,
                v["digits"]?.GetValue<int>() ?? 2)).ToList();
            foreach (var v in vary)
            {
                // Both ends of each drawn input are read now, so a path that cannot be varied or a
                // range outside the scenario's limits names the file and the field before anything runs.
                try
                {
                    v.Value(0);
                    v.Value(1);
                }
                catch (FormatException e)
                {
                    throw new FormatException($"{file}: cohort.vary[\"{v.Path}\"]: {e.Message}", e);
                }
            }

            var choose = (c["choose"]?.AsArray() ?? []).Select(n => n!.AsObject()).Select(v => new CohortChoice(
                v["weight"]?.GetValue<double>() ?? 1,
                Edits(v["set"]!.AsObject()))).ToList();
            cohort = new CohortSpec(c["size"]?.GetValue<int>() ?? 200, c["seed"]?.GetValue<int>() ?? 1, vary, choose);
        }

        // Every edit the runs will make, applied to the case's scenario now: a value this scenario
        // cannot take (a collect preference on the generic separator, a protocol for another kind)
        // names the file and the field here, not inside the parallel runs.
        if (root["scenario"] is JsonObject scenarioNode && root["notRunnable"] is null)
        {
            var baseScenario = LoadScenario(scenarioNode);
            var edits = outputs.Where(o => o.NotRunnable is null).SelectMany(o => (o.Vary?.Values ?? []).Concat(o.Set ?? []).Select(e => (Where: $"outputs[\"{o.Name}\"]", Edit: e)))
                .Concat(assumed.SelectMany(a => new[] { (Where: "assumed", Edit: a.Low), (Where: "assumed", Edit: a.High) }))
                .Concat((cohort?.Choose ?? []).SelectMany(ch => ch.Set.Select(e => (Where: "cohort.choose", Edit: e))))
                .Concat((cohort?.Vary ?? []).SelectMany(v => new[] { (Where: "cohort.vary", Edit: v.Value(0)), (Where: "cohort.vary", Edit: v.Value(1)) }));
            foreach (var (where, edit) in edits)
            {
                try
                {
                    edit.Apply(baseScenario);
                }
                catch (Exception e) when (e is FormatException or ArgumentException)
                {
                    throw new FormatException($"{file}: {where}: {edit}: {e.Message}", e);
                }
            }
        }

        return new ValidationCase(
            Text(root, "id", ""),
            Text(root, "title", ""),
            Text(root, "citation", ""),
            root["scenario"] is JsonObject scenario ? LoadScenario(scenario) : null,
            assumed,
            cohort,
            outputs,
            root["notRunnable"]?.GetValue<string>(),
            [.. (root["calibrates"]?.AsArray() ?? []).Select(n => n!.GetValue<string>())]);
    }
}

/// <summary>An input the source does not report: the scenario holds the chosen value; the range is for the sensitivity analysis.</summary>
/// <param name="Path">Dotted path in the scenario.</param>
/// <param name="Low">Low end of the plausible range (a scenario value: quantity string or number).</param>
/// <param name="High">High end.</param>
/// <param name="Why">Why this value and range.</param>
public sealed record AssumedInput(string Path, ScenarioEdit Low, ScenarioEdit High, string Why);

/// <summary>A virtual cohort drawn from the reported input ranges.</summary>
/// <param name="Size">Number of virtual patients.</param>
/// <param name="Seed">Seed of the draws.</param>
/// <param name="Vary">Inputs drawn uniformly (or log-uniformly) between low and high.</param>
/// <param name="Choose">Alternative sets of inputs, drawn by weight (e.g. diagnoses in a mixed series).</param>
public sealed record CohortSpec(int Size, int Seed, IReadOnlyList<CohortVariable> Vary, IReadOnlyList<CohortChoice> Choose);

/// <summary>A cohort input.</summary>
/// <param name="Path">Dotted path in the scenario.</param>
/// <param name="Low">Lowest value.</param>
/// <param name="High">Highest value.</param>
/// <param name="Unit">Unit appended to make the scenario string; null for plain numbers.</param>
/// <param name="Log">Draw log-uniformly.</param>
/// <param name="Digits">Decimals written.</param>
public sealed record CohortVariable(string Path, double Low, double High, string? Unit, bool Log, int Digits)
{
    /// <summary>The scenario value for a draw u in [0, 1).</summary>
    public ScenarioEdit Value(double u)
    {
        var x = Log ? Math.Exp(Math.Log(Low) + (u * (Math.Log(High) - Math.Log(Low)))) : Low + (u * (High - Low));
        var rounded = Math.Round(x, Digits);
        return ScenarioEdit.Parse(Path, Unit is null ? JsonValue.Create(rounded) : JsonValue.Create(rounded.ToString(CultureInfo.InvariantCulture) + " " + Unit));
    }
}

/// <summary>One alternative of a cohort choice.</summary>
/// <param name="Weight">Relative weight.</param>
/// <param name="Set">Dotted path → scenario value.</param>
public sealed record CohortChoice(double Weight, IReadOnlyList<ScenarioEdit> Set);

/// <summary>Runs a scenario at several values of one input to test a trend.</summary>
/// <param name="Path">Dotted path in the scenario.</param>
/// <param name="Values">Scenario values, in increasing order of the input.</param>
public sealed record TrendVariation(string Path, IReadOnlyList<ScenarioEdit> Values);

/// <summary>What was observed and how to compare it.</summary>
/// <param name="Name">Output name.</param>
/// <param name="Metric">What to measure (docs/validation-data.md): a summary.json path, pct(a, b), ratio(a, b), at(Column, t), pctAt(Column, t).</param>
/// <param name="Published">The published figure as the source gives it.</param>
/// <param name="Value">Published centre, for value comparisons.</param>
/// <param name="Sd">Published SD (compared with the cohort's spread).</param>
/// <param name="Centre">mean or median.</param>
/// <param name="Trend">increasing, decreasing, flat (within Value), levels-off or linear, for trend comparisons.</param>
/// <param name="Vary">The input varied for a trend.</param>
/// <param name="Scale">Multiplier applied to the metric (e.g. 100 for a probability in %).</param>
/// <param name="Unit">Unit for display.</param>
/// <param name="NotRunnable">Why this output cannot be simulated yet, or null.</param>
/// <param name="FromCohort">Compare the cohort's centre (when the case has a cohort) rather than the representative patient.</param>
/// <param name="Set">Inputs changed for this output only (dotted path → scenario value), or null.</param>
/// <param name="Course">Consecutive daily procedures (1: one procedure). With more, the metric reads the last day's summary, plus <c>course.*</c> over the whole course.</param>
public sealed record ExpectedOutput(
    string Name,
    string Metric,
    string Published,
    double? Value,
    double? Sd,
    string Centre,
    string? Trend,
    TrendVariation? Vary,
    double Scale,
    string Unit,
    string? NotRunnable,
    bool FromCohort,
    IReadOnlyList<ScenarioEdit>? Set,
    int Course);
