using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CsCheck;
using Leuka.Quantities;

namespace Leuka.Cli.Tests;

/// <summary>
/// Bad input never crashes: generated corrupt scenario files (wrong types, missing fields, units of
/// the wrong kind, numbers outside every limit, truncated JSON) all end with exit code 2 and at
/// least one message naming the JSON path, never an unhandled exception.
/// </summary>
public sealed partial class CorruptScenarioTests
{
    private const int Files = 1000;

    private static readonly string[] Bases = CliRunner.Examples().Select(File.ReadAllText).ToArray();

    private static readonly string[] RequiredPaths =
    [
        "name", "patient", "patient.sex", "patient.ageYears", "patient.height", "patient.weight", "patient.labs",
        "patient.labs.wbc", "patient.labs.hematocrit", "patient.labs.platelets", "procedure", "procedure.kind",
    ];

    // Every unit symbol of every kind, for swapping in a unit the field does not accept.
    private static readonly (string Symbol, UnitSet Kind)[] AllUnits =
        new[]
        {
            Volume.Units, VolumeFlow.Units, Duration.Units, CellConcentration.Units, CellCount.Units, Fraction.Units,
            Mass.Units, Length.Units, SubstanceConcentration.Units, DosePerBodyMass.Units, FlowPerBloodVolume.Units,
            RotationalSpeed.Units, MassConcentration.Units, SubstanceRate.Units,
        }.SelectMany(k => k.Symbols.Select(s => (s, k))).ToArray();

    [GeneratedRegex(@"^(\$|[A-Za-z]+(\[\d+\])?(\.[A-Za-z0-9]+(\[\d+\])?)*): \S.*$")]
    private static partial Regex PathLine();

    [Fact]
    public void A_thousand_corrupt_scenarios_all_exit_2_with_path_naming_messages()
    {
        var directory = Directory.CreateTempSubdirectory("leuka-corrupt-");
        var count = 0;
        var kinds = new Dictionary<string, int>(StringComparer.Ordinal);
        try
        {
            Corruptions.Sample(
                corrupt =>
                {
                    var path = Path.Combine(directory.FullName, $"{Interlocked.Increment(ref count)}.json");
                    File.WriteAllText(path, corrupt.Text);
                    var (exit, _, error) = CliRunner.Run("check", path);
                    Assert.True(exit == 2, $"{corrupt.Kind}: exit {exit}\n{corrupt.Text}\n{error}");
                    var lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
                    Assert.True(lines.Length > 0, $"{corrupt.Kind}: no message\n{corrupt.Text}");
                    Assert.All(lines, line => Assert.Matches(PathLine(), line));
                    Assert.DoesNotContain("internal error", error, StringComparison.Ordinal);
                    lock (kinds)
                    {
                        kinds[corrupt.Kind] = kinds.GetValueOrDefault(corrupt.Kind) + 1;
                    }
                },
                iter: Files,
                threads: 1);
        }
        finally
        {
            directory.Delete(recursive: true);
        }

        Assert.Equal(Files, count);
        // Every kind of corruption was exercised.
        Assert.Equal(6, kinds.Count);
    }

    // Characters a mutation inserts: structure, digits, units, escapes, invisible and half-pair characters.
    private static readonly string[] Pieces =
    [
        "{", "}", "[", "]", ",", ":", "\"", "\\", "\\u", "\\ud800", "\\udc00", "\ud800", "\u200f", "\u200b", "\ufeff", "\u0000", "\n",
        "0", "9", "-", ".", "e", "1e308", "NaN", "null", "true", " mL/min", " x10^9/L", " %", " kg", " ft 10 in", new string('7', 400), "\"events\": [",
    ];

    // 2,500 in the suite (about 20 s of one core); LEUKA_MUTATIONS=100000 for a long run.
    private static readonly int Mutations = int.TryParse(Environment.GetEnvironmentVariable("LEUKA_MUTATIONS"), out var n) && n > 0 ? n : 2_500;

    [Fact]
    public void Thousands_of_randomly_mutated_files_exit_0_or_2_and_never_crash()
    {
        var directory = Directory.CreateTempSubdirectory("leuka-mutate-");
        var count = 0;
        var exits = new int[4];
        try
        {
            Gen.Select(Gen.Int[0, Bases.Length - 1], Gen.Int[1, 6], Gen.Int[0, int.MaxValue], Gen.Int[0, int.MaxValue]).Sample(
                (b, edits, seed, _) =>
                {
                    // A few random edits of a valid example: insert a piece, delete a span, or replace one.
                    var random = new Random(seed);
                    var text = new System.Text.StringBuilder(Bases[b]);
                    for (var e = 0; e < edits; e++)
                    {
                        var at = random.Next(text.Length);
                        switch (random.Next(3))
                        {
                            case 0:
                                text.Insert(at, Pieces[random.Next(Pieces.Length)]);
                                break;
                            case 1:
                                text.Remove(at, Math.Min(random.Next(1, 20), text.Length - at));
                                break;
                            default:
                                text.Remove(at, Math.Min(1, text.Length - at)).Insert(at, Pieces[random.Next(Pieces.Length)]);
                                break;
                        }
                    }

                    // Files are bytes: a raw half pair cannot be UTF-8 (it is written as U+FFFD), and
                    // some files get bytes that are not UTF-8 at all.
                    var bytes = new System.Text.UTF8Encoding(false, false).GetBytes(text.ToString()).ToList();
                    if (random.Next(10) == 0)
                    {
                        bytes.InsertRange(random.Next(bytes.Count), [0xFF, 0xC3, 0x28]);
                    }

                    var path = Path.Combine(directory.FullName, $"{Interlocked.Increment(ref count)}.json");
                    File.WriteAllBytes(path, [.. bytes]);
                    var (exit, _, error) = CliRunner.Run("check", path);
                    Assert.True(exit is 0 or 2, $"exit {exit}\n{text}\n{error}");
                    Assert.DoesNotContain("internal error", error, StringComparison.Ordinal);
                    Assert.True(error.Length < 20_000, $"{error.Length} characters of message");
                    Interlocked.Increment(ref exits[exit]);
                },
                iter: Mutations,
                threads: 1);
        }
        finally
        {
            directory.Delete(recursive: true);
        }

        Assert.Equal(Mutations, count);
        Assert.True(exits[2] > Mutations / 2 && exits[0] > Mutations / 200, $"valid {exits[0]}, invalid {exits[2]}: the mutations reach both sides");
    }

    private sealed record Corrupt(string Kind, string Text);

    private static Gen<Corrupt> Corruptions => Gen.Int[0, Bases.Length - 1].SelectMany(i => Gen.OneOf(
        WrongType(Bases[i]), MissingField(Bases[i]), WrongUnit(Bases[i]), ExtremeNumber(Bases[i]), Truncated(Bases[i]), NotAnObject()));

    private static Gen<Corrupt> WrongType(string text) =>
        Gen.Select(Gen.Int[0, 1000], Gen.Int[0, 5]).Select((pick, replacement) =>
        {
            var root = JsonNode.Parse(text)!;
            var nodes = Descendants(root).ToArray();
            var node = nodes[pick % nodes.Length];
            JsonNode?[] candidates = [JsonValue.Create(42), JsonValue.Create("text"), JsonValue.Create(true), new JsonArray(), new JsonObject(), null];
            var kindOf = (JsonNode? n) => n?.GetValueKind();
            var swap = candidates.Skip(replacement).Concat(candidates.Take(replacement)).First(c => kindOf(c) != node.GetValueKind());
            node.ReplaceWith(swap);
            return new Corrupt("wrong type", root.ToJsonString());
        });

    private static Gen<Corrupt> MissingField(string text) =>
        Gen.Int[0, RequiredPaths.Length - 1].Select(i =>
        {
            var root = JsonNode.Parse(text)!;
            var parts = RequiredPaths[i].Split('.');
            var parent = parts[..^1].Aggregate(root, (n, p) => n[p]!);
            parent.AsObject().Remove(parts[^1]);
            return new Corrupt("missing field", root.ToJsonString());
        });

    private static Gen<Corrupt> WrongUnit(string text) =>
        Gen.Select(Gen.Int[0, 1000], Gen.Int[0, AllUnits.Length], Gen.Double[0.1, 100]).Select((pick, unit, number) =>
        {
            var root = JsonNode.Parse(text)!;
            var quantities = QuantityStrings(root).ToArray();
            var (node, kind) = quantities[pick % quantities.Length];
            // Calcium fields also accept mg/dL (with calcium's molar mass): not a wrong unit there.
            var accepted = kind == SubstanceConcentration.Units ? Substance.Calcium.ConcentrationUnits : kind;
            var foreign = AllUnits.Where(u => !accepted.TryGetFactor(u.Symbol, out _)).Select(u => u.Symbol).Append("furlongs").ToArray();
            node.ReplaceWith(JsonValue.Create(FormattableString.Invariant($"{number:0.###} {foreign[unit % foreign.Length]}")));
            return new Corrupt("wrong unit", root.ToJsonString());
        });

    private static Gen<Corrupt> ExtremeNumber(string text) =>
        Gen.Select(Gen.Int[0, 1000], Gen.OneOf(Gen.Const("-5"), Gen.Const("1e300"), Gen.Const("1e999"), Gen.Const("-1e-3"), Gen.Const("1e12"))).Select((pick, extreme) =>
        {
            var root = JsonNode.Parse(text)!;
            var numbers = QuantityStrings(root).Select(q => q.Node).Concat(PlainNumbers(root)).ToArray();
            var node = numbers[pick % numbers.Length];
            if (node.GetValueKind() == System.Text.Json.JsonValueKind.String)
            {
                var value = node.GetValue<string>();
                var unit = value[(value.IndexOf(' ', StringComparison.Ordinal) + 1)..];
                node.ReplaceWith(JsonValue.Create($"{extreme} {unit}"));
                return new Corrupt("extreme number", root.ToJsonString());
            }

            // Raw JSON so that 1e999 stays a number the reader must reject.
            const string marker = "\"__extreme__\"";
            node.ReplaceWith(JsonValue.Create("__extreme__"));
            return new Corrupt("extreme number", root.ToJsonString().Replace(marker, extreme, StringComparison.Ordinal));
        });

    private static Gen<Corrupt> Truncated(string text) =>
        Gen.Int[0, text.LastIndexOf('}') - 1].Select(length => new Corrupt("truncated JSON", text[..length]));

    private static Gen<Corrupt> NotAnObject() =>
        Gen.OneOf(Gen.Const("[]"), Gen.Const("42"), Gen.Const("\"scenario\""), Gen.Const("null"), Gen.Const(""), Gen.Const("\u00ff\u00fe garbage"))
            .Select(t => new Corrupt("not a scenario object", t));

    private static IEnumerable<JsonNode> Descendants(JsonNode node)
    {
        IEnumerable<JsonNode?> children = node switch
        {
            JsonObject o => o.Select(p => p.Value),
            JsonArray a => a,
            _ => [],
        };
        foreach (var child in children.OfType<JsonNode>())
        {
            yield return child;
            foreach (var d in Descendants(child))
            {
                yield return d;
            }
        }
    }

    // Quantity strings with the unit kind their field accepts (recognised by parsing with each kind).
    private static IEnumerable<(JsonNode Node, UnitSet Kind)> QuantityStrings(JsonNode root) =>
        Descendants(root)
            .Where(n => n.GetValueKind() == System.Text.Json.JsonValueKind.String && n.GetPropertyName() != "name")
            .Select(n => (Node: n, Text: n.GetValue<string>()))
            .Select(n => (n.Node, Kind: AllUnits.Select(u => u.Kind).Distinct().FirstOrDefault(k => Parses(k, n.Text))))
            .Where(n => n.Kind is not null)
            .Select(n => (n.Node, n.Kind!));

    private static bool Parses(UnitSet kind, string text)
    {
        var space = text.IndexOf(' ', StringComparison.Ordinal);
        return space > 0 && double.TryParse(text[..space], System.Globalization.CultureInfo.InvariantCulture, out _) && kind.TryGetFactor(text.AsSpan(space + 1), out _);
    }

    private static IEnumerable<JsonNode> PlainNumbers(JsonNode root) =>
        Descendants(root).Where(n => n.GetValueKind() == System.Text.Json.JsonValueKind.Number);
}
