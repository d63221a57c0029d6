using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Leuka.Quantities;
using Leuka.Formats;
using Leuka.Scenarios;

namespace Leuka.Cohorts;

/// <summary>A problem in a cohort file, named by its path in the file.</summary>
/// <param name="Path">e.g. <c>vary[2].uniform</c>.</param>
/// <param name="Message">What is wrong and what would be valid.</param>
public sealed record CohortError(string Path, string Message)
{
    /// <inheritdoc />
    public override string ToString() => $"{Path}: {Message}";
}

/// <summary>How one input is drawn: a range (uniform or log-uniform), a truncated normal, or a weighted choice.</summary>
/// <param name="Path">The scenario field (<see cref="ScenarioEdit.Paths"/>).</param>
/// <param name="Kind"><c>uniform</c>, <c>logUniform</c>, <c>normal</c> or <c>choose</c>.</param>
/// <param name="Unit">The unit both ends are written in (null for plain numbers and choices).</param>
/// <param name="A">Low end, or the mean.</param>
/// <param name="B">High end, or the SD.</param>
/// <param name="Min">Truncation of a normal (its values outside are drawn again).</param>
/// <param name="Max">Truncation of a normal.</param>
/// <param name="Choices">The values of a choice with their weights.</param>
public sealed record CohortInput(string Path, string Kind, string? Unit, double A, double B, double Min, double Max, IReadOnlyList<(string Value, double Weight)> Choices)
{
    /// <summary>The column name: the path, with its unit.</summary>
    public string Column => Unit is null ? Path : $"{Path} [{Unit}]";

    /// <summary>True when the column holds numbers (everything but a choice).</summary>
    public bool Numeric => Kind != "choose";
}

/// <summary>
/// A cohort file (docs/cohorts.md): a scenario every member starts from, how each input is drawn,
/// whether each member has its own random effects, and the summary.json numbers kept per member.
/// </summary>
/// <param name="Name">Shown in the summary.</param>
/// <param name="Scenario">The base scenario.</param>
/// <param name="Seed">The cohort's seed: member k's draws come from it and k alone.</param>
/// <param name="Size">Members when <c>--n</c> is not given.</param>
/// <param name="Inputs">Inputs drawn per member, in file order.</param>
/// <param name="Variation">True: each member's random effects are drawn from their priors (docs/model/variation.md).</param>
/// <param name="Outputs">summary.json paths kept per member.</param>
/// <param name="Canonical">The file's content with the scenario inlined, as the cohort's identity for shards.</param>
public sealed record CohortFile(string Name, Scenario Scenario, long Seed, int Size, IReadOnlyList<CohortInput> Inputs, bool Variation, IReadOnlyList<string> Outputs, string Canonical)
{
    /// <summary>The most members one cohort may have.</summary>
    public const int MaxSize = 10_000_000;

    private static readonly string[] Fields = ["name", "scenario", "seed", "size", "vary", "variation", "outputs"];

    /// <summary>The outputs kept when the file names none.</summary>
    public static IReadOnlyList<string> DefaultOutputs { get; } =
    [
        "processedVolumeL", "durationMin", "wbc.postE9PerL", "wbc.reductionPercent", "platelets.postE9PerL", "product.volumeMl",
        "product.cd3E9", "product.cd34PerKgE6", "collectionEfficiencyPercent.mnc.ce2", "ionizedCalcium.nadirMmolPerL",
        "ionizedCalcium.citrateReactionProbability",
    ];

    /// <summary>Reads a cohort file; the scenario path is relative to the file.</summary>
    public static (CohortFile? Cohort, IReadOnlyList<CohortError> Errors) Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            return (null, [new("COHORT", $"\"{path}\" does not exist")]);
        }

        return Parse(File.ReadAllText(path), Path.GetDirectoryName(Path.GetFullPath(path))!);
    }

    /// <summary>Parses a cohort file's text; <paramref name="directory"/> resolves a scenario given as a path.</summary>
    public static (CohortFile? Cohort, IReadOnlyList<CohortError> Errors) Parse(string json, string directory)
    {
        var errors = new List<CohortError>();
        JsonObject root;
        try
        {
            root = JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { AllowDuplicateProperties = false }) as JsonObject
                ?? throw new JsonException("the file is not a JSON object");
        }
        catch (JsonException e)
        {
            return (null, [new("COHORT", "not valid JSON: " + e.Message.Split('\n')[0])]);
        }

        foreach (var (key, _) in root)
        {
            if (!Fields.Contains(key))
            {
                errors.Add(new(key, $"unknown field; a cohort file has {string.Join(", ", Fields)}"));
            }
        }

        var name = root["name"] is JsonValue n && n.TryGetValue<string>(out var nameText) ? nameText : "cohort";
        var (scenario, scenarioJson) = LoadScenario(root["scenario"], directory, errors);
        var seed = root["seed"] is JsonValue sv && sv.TryGetValue<long>(out var sd) ? sd : Fail<long>(errors, "seed", "required: a whole number (every member's draws follow from it)");
        var size = root["size"] is null ? 1000 : root["size"] is JsonValue zv && zv.TryGetValue<int>(out var z) && z is >= 1 and <= MaxSize ? z : Fail<int>(errors, "size", $"a whole number from 1 to {MaxSize:N0}");
        var variation = root["variation"] is null ? "priors" : root["variation"]!.ToString();
        if (variation is not ("priors" or "none"))
        {
            errors.Add(new("variation", $"\"{variation}\": priors (each member draws its random effects) or none (every member typical)"));
        }

        var inputs = new List<CohortInput>();
        if (root["vary"] is JsonArray vary)
        {
            for (var i = 0; i < vary.Count; i++)
            {
                if (Input(vary[i], $"vary[{i}]", errors) is { } input)
                {
                    inputs.Add(input);
                }
            }
        }
        else if (root["vary"] is not null)
        {
            errors.Add(new("vary", "a list of inputs, e.g. [{ \"path\": \"patient.weight\", \"uniform\": [\"55 kg\", \"110 kg\"] }]"));
        }

        if (scenario is not null)
        {
            // Each choice, and both ends of a range, applied to the base scenario now: a value the
            // scenario cannot take (a depletion protocol for a collection, say) is named here, not
            // met by a member inside the parallel run.
            foreach (var input in inputs)
            {
                var values = input.Numeric ? [Text(input, input.Min), Text(input, input.Max)] : input.Choices.Select(c => (JsonNode)JsonValue.Create(c.Value)).ToList();
                foreach (var value in values)
                {
                    try
                    {
                        ScenarioEdit.Parse(input.Path, value).Apply(scenario);
                    }
                    catch (Exception e) when (e is FormatException or ArgumentException)
                    {
                        errors.Add(new($"vary[\"{input.Path}\"]", $"{value.ToJsonString()} does not fit the scenario: {e.Message}"));
                        break;
                    }
                }
            }
        }

        foreach (var duplicate in inputs.GroupBy(x => x.Path).Where(g => g.Count() > 1))
        {
            errors.Add(new("vary", $"{duplicate.Key} is drawn twice; give each input once"));
        }

        var outputs = new List<string>();
        if (root["outputs"] is JsonArray list)
        {
            for (var i = 0; i < list.Count; i++)
            {
                var text = list[i] is JsonValue v && v.TryGetValue<string>(out var s) ? s : "";
                if (!SummaryFields.Paths.Contains(text))
                {
                    errors.Add(new($"outputs[{i}]", $"\"{text}\" is not a summary.json number; e.g. {string.Join(", ", DefaultOutputs.Take(4))} (docs/cohorts.md lists them)"));
                }
                else
                {
                    outputs.Add(text);
                }
            }
        }
        else if (root["outputs"] is not null)
        {
            errors.Add(new("outputs", "a list of summary.json paths, e.g. [\"product.cd3E9\", \"durationMin\"]"));
        }

        if (errors.Count > 0 || scenario is null)
        {
            return (null, errors);
        }

        var canonical = new JsonObject
        {
            ["name"] = name,
            ["scenario"] = JsonNode.Parse(scenarioJson!),
            ["seed"] = seed,
            ["size"] = size,
            ["vary"] = root["vary"]?.DeepClone(),
            ["variation"] = variation,
            ["outputs"] = new JsonArray([.. (outputs.Count > 0 ? outputs : DefaultOutputs).Select(o => (JsonNode)o)]),
        };
        return (new CohortFile(name, scenario, seed, size, inputs, variation == "priors", outputs.Count > 0 ? outputs : DefaultOutputs, canonical.ToJsonString()), errors);
    }

    private static (Scenario? Scenario, string? Json) LoadScenario(JsonNode? node, string directory, List<CohortError> errors)
    {
        var result = node switch
        {
            JsonValue v when v.TryGetValue<string>(out var file) => File.Exists(Path.Combine(directory, file))
                ? ScenarioLoader.LoadFile(Path.Combine(directory, file))
                : null,
            JsonObject o => ScenarioLoader.Load(o.ToJsonString()),
            _ => null,
        };
        if (result is null)
        {
            errors.Add(new("scenario", node is JsonValue ? $"\"{node}\" does not exist (a path relative to the cohort file)" : "required: a scenario file's path (relative to the cohort file) or the scenario itself"));
            return (null, null);
        }

        errors.AddRange(result.Errors.Select(e => new CohortError("scenario." + e.Path, e.Message)));
        if (result.Scenario is { } s)
        {
            if (ScenarioLoader.SingleProcedureOnly(s, "leuka cohort") is { } course)
            {
                errors.Add(new("scenario", course.Message));
            }

            if (ScenarioLoader.SeparatingOnly(s, "leuka cohort") is { } kind)
            {
                errors.Add(new("scenario", kind.Message));
            }
        }

        return (result.Scenario, result.Scenario is { } ok ? ScenarioWriter.Write(ok) : null);
    }

    private static CohortInput? Input(JsonNode? node, string at, List<CohortError> errors)
    {
        if (node is not JsonObject o || o["path"] is not JsonValue pv || !pv.TryGetValue<string>(out var path))
        {
            errors.Add(new(at, "an object with a path and one of uniform, logUniform, normal, choose"));
            return null;
        }

        if (!ScenarioEdit.Paths.Contains(path))
        {
            errors.Add(new(at + ".path", $"\"{path}\" cannot be drawn; the inputs are {string.Join(", ", ScenarioEdit.Paths)}"));
            return null;
        }

        var kinds = new[] { "uniform", "logUniform", "normal", "choose" }.Where(o.ContainsKey).ToList();
        var unknown = o.Select(p => p.Key).Where(k => k != "path" && !kinds.Contains(k)).ToList();
        if (kinds.Count != 1 || unknown.Count > 0)
        {
            errors.Add(new(at, $"give exactly one of uniform, logUniform, normal, choose{(unknown.Count > 0 ? $" (unknown: {string.Join(", ", unknown)})" : "")}"));
            return null;
        }

        var kind = kinds[0];
        var count = errors.Count;
        CohortInput? input = null;
        switch (kind)
        {
            case "choose" when o["choose"] is JsonObject choices && choices.Count > 0:
                var list = new List<(string, double)>();
                foreach (var (value, weight) in choices)
                {
                    if (weight is JsonValue w && w.TryGetValue<double>(out var x) && x > 0 && double.IsFinite(x))
                    {
                        list.Add((value, x));
                    }
                    else
                    {
                        errors.Add(new($"{at}.choose.{value}", "a weight above 0"));
                    }
                }

                input = new CohortInput(path, kind, null, 0, 0, 0, 0, list);
                // Each value must be one the scenario takes at that path.
                foreach (var (value, _) in list)
                {
                    Check(path, JsonValue.Create(value), $"{at}.choose.{value}", errors);
                }

                break;
            case "choose":
                errors.Add(new(at + ".choose", "an object of values and weights, e.g. { \"female\": 1, \"male\": 1 }"));
                break;
            case "uniform" or "logUniform" when o[kind] is JsonArray { Count: 2 } ends:
                var low = Amount(ends[0], $"{at}.{kind}[0]", errors);
                var high = Amount(ends[1], $"{at}.{kind}[1]", errors);
                if (low is null || high is null)
                {
                    break;
                }

                if (low.Value.Unit != high.Value.Unit)
                {
                    errors.Add(new($"{at}.{kind}", $"both ends in the same unit (\"{low.Value.Unit}\" and \"{high.Value.Unit}\"): units are never converted or guessed here"));
                }
                else if (!(high.Value.Value > low.Value.Value) || (kind == "logUniform" && low.Value.Value <= 0))
                {
                    errors.Add(new($"{at}.{kind}", kind == "logUniform" ? "low above 0 and below high" : "low below high"));
                }
                else
                {
                    input = new CohortInput(path, kind, low.Value.Unit, low.Value.Value, high.Value.Value, low.Value.Value, high.Value.Value, []);
                }

                break;
            case "normal" when o["normal"] is JsonObject normal:
                var mean = Amount(normal["mean"], $"{at}.normal.mean", errors);
                var sd = Amount(normal["sd"], $"{at}.normal.sd", errors);
                var min = Amount(normal["min"], $"{at}.normal.min", errors);
                var max = Amount(normal["max"], $"{at}.normal.max", errors);
                if (mean is null || sd is null || min is null || max is null)
                {
                    break;
                }

                if (new[] { sd, min, max }.Any(a => a!.Value.Unit != mean.Value.Unit))
                {
                    errors.Add(new($"{at}.normal", "mean, sd, min and max in the same unit: units are never converted or guessed here"));
                }
                else if (!(sd.Value.Value > 0) || !(min.Value.Value <= mean.Value.Value && mean.Value.Value <= max.Value.Value && min.Value.Value < max.Value.Value))
                {
                    errors.Add(new($"{at}.normal", "sd above 0 and min ≤ mean ≤ max (the truncation keeps every value possible for the scenario)"));
                }
                else
                {
                    input = new CohortInput(path, kind, mean.Value.Unit, mean.Value.Value, sd.Value.Value, min.Value.Value, max.Value.Value, []);
                }

                break;
            default:
                errors.Add(new($"{at}.{kind}", kind == "normal" ? "an object { \"mean\", \"sd\", \"min\", \"max\" }" : "two ends, e.g. [\"55 kg\", \"110 kg\"]"));
                break;
        }

        // The ends must be values the scenario takes (checked now, not per member).
        if (input is { Numeric: true } && errors.Count == count)
        {
            Check(path, Text(input, input.Min), at, errors);
            Check(path, Text(input, input.Max), at, errors);
        }

        return errors.Count == count ? input : null;
    }

    /// <summary>The scenario value for a drawn number.</summary>
    public static JsonNode Text(CohortInput input, double value)
    {
        ArgumentNullException.ThrowIfNull(input);
        var number = Math.Round(value, 4);
        return input.Unit is null ? JsonValue.Create(number) : JsonValue.Create(number.ToString("0.####", CultureInfo.InvariantCulture) + " " + input.Unit);
    }

    private static void Check(string path, JsonNode value, string at, List<CohortError> errors)
    {
        try
        {
            ScenarioEdit.Parse(path, value);
        }
        catch (FormatException e)
        {
            errors.Add(new(at, e.Message));
        }
    }

    // "55 kg" → (55, "kg"); 3 → (3, null).
    private static (double Value, string? Unit)? Amount(JsonNode? node, string at, List<CohortError> errors)
    {
        if (node is JsonValue v && v.TryGetValue<double>(out var x) && double.IsFinite(x))
        {
            return (x, null);
        }

        if (node is JsonValue s && s.TryGetValue<string>(out var text) && QuantityParts.Split(text) is { } parts
            && double.TryParse(parts.Number, NumberStyles.Float, CultureInfo.InvariantCulture, out var y) && double.IsFinite(y))
        {
            return (y, parts.Unit);
        }

        errors.Add(new(at, node is null ? "required" : $"{node.ToJsonString()} is not a number or a number with its unit (e.g. \"55 kg\")"));
        return null;
    }

    private static T Fail<T>(List<CohortError> errors, string path, string message)
    {
        errors.Add(new(path, message));
        return default!;
    }
}
