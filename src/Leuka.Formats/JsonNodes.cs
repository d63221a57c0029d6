using System.Globalization;
using System.Text.Json;
using Leuka.Quantities;
using Leuka.Scenarios;

namespace Leuka.Formats;

/// <summary>Collects every problem and warning found while reading, in file order.</summary>
internal sealed class Diagnostics
{
    public List<ScenarioError> Errors { get; } = [];

    public List<ScenarioWarning> Warnings { get; } = [];

    public void Error(string path, string message) => Errors.Add(new ScenarioError(path.Length == 0 ? "$" : path, message));

    public void Warn(string code, string path, string message) => Warnings.Add(new ScenarioWarning(code, path.Length == 0 ? "$" : path, message));
}

/// <summary>
/// A JSON object being read: knows its path and its allowed fields, reports unknown and duplicate
/// fields once, and reads typed values, reporting each problem against the field's path.
/// </summary>
internal sealed class ObjectNode
{
    private readonly Dictionary<string, JsonElement> _fields = new(StringComparer.Ordinal);

    private ObjectNode(string path, Diagnostics diagnostics)
    {
        Path = path;
        Diagnostics = diagnostics;
    }

    public string Path { get; }

    public Diagnostics Diagnostics { get; }

    /// <summary>Wraps an element that must be an object; reports and returns null otherwise.</summary>
    public static ObjectNode? From(JsonElement element, string path, Diagnostics diagnostics, IReadOnlyList<string> allowed, string example)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            diagnostics.Error(path, $"expected an object, found {Describe(element)}; write e.g. {example}");
            return null;
        }

        var node = new ObjectNode(path, diagnostics);
        foreach (var property in element.EnumerateObject())
        {
            var childPath = Child(path, property.Name);
            if (!allowed.Contains(property.Name, StringComparer.Ordinal))
            {
                diagnostics.Error(childPath, UnknownField(property.Name, allowed));
            }
            else if (!node._fields.TryAdd(property.Name, property.Value))
            {
                diagnostics.Error(childPath, "appears more than once; give each field once");
            }
        }

        return node;
    }

    // A name a path cannot show plainly (empty, with dots, invisible characters, very long) is quoted.
    public static string Child(string path, string name)
    {
        var shown = name.Length > 0 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-') ? name : $"[\"{QuantityText.Show(name)}\"]";
        return path.Length == 0 ? shown.TrimStart('.') : shown.StartsWith('[') ? path + shown : $"{path}.{shown}";
    }

    public bool Has(string name) => _fields.ContainsKey(name);

    public IEnumerable<string> PresentFields => _fields.Keys;

    public bool TryGet(string name, out JsonElement value) => _fields.TryGetValue(name, out value);

    public ObjectNode? Object(string name, bool required, IReadOnlyList<string> allowed, string example)
    {
        if (!_fields.TryGetValue(name, out var value))
        {
            if (required)
            {
                Missing(name, example);
            }

            return null;
        }

        return From(value, Child(Path, name), Diagnostics, allowed, example);
    }

    public void Missing(string name, string example) =>
        Diagnostics.Error(Child(Path, name), $"is required but missing; add it, e.g. \"{name}\": {example}");

    /// <summary>Reads a quantity string; bare numbers, wrong unit kinds and values outside the hard limits are errors.</summary>
    public T? Quantity<T>(string name, bool required, Limit<T>? limit, Func<string?, ParseResult<T>>? parse = null)
        where T : struct, IQuantity<T>
    {
        var example = T.Units.Example;
        if (!_fields.TryGetValue(name, out var value))
        {
            if (required)
            {
                Missing(name, $"\"{example}\"");
            }

            return null;
        }

        var path = Child(Path, name);
        if (value.ValueKind == JsonValueKind.Number)
        {
            Diagnostics.Error(path, $"\"{value.GetRawText()}\" has no unit; write {T.Units.Kind} as a string with its unit, e.g. \"{example}\" (units: {string.Join(", ", T.Units.Symbols)})");
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            Diagnostics.Error(path, $"expected {T.Units.Kind} as a string with a unit, found {Describe(value)}; write e.g. \"{example}\"");
            return null;
        }

        var result = (parse ?? T.Parse)(value.GetString());
        if (!result.TryGetValue(out var quantity))
        {
            Diagnostics.Error(path, result.Error!);
            return null;
        }

        if (limit is not null && !limit.Contains(quantity))
        {
            Diagnostics.Error(path, $"{value.GetString()} is outside the accepted range ({limit.Why}); write a value from {limit.HardMin} to {limit.HardMax}");
            return null;
        }

        return quantity;
    }

    /// <summary>Reads a plain number (only where the field name says what it counts).</summary>
    public double? Number(string name, bool required, double min, double max, string example)
    {
        if (!_fields.TryGetValue(name, out var value))
        {
            if (required)
            {
                Missing(name, example);
            }

            return null;
        }

        var path = Child(Path, name);
        var range = string.Create(CultureInfo.InvariantCulture, $"a number from {min} to {max}");
        if (value.ValueKind != JsonValueKind.Number)
        {
            Diagnostics.Error(path, $"expected a plain number, found {Describe(value)}; write {range}, e.g. {example}");
            return null;
        }

        if (!value.TryGetDouble(out var number) || !double.IsFinite(number))
        {
            Diagnostics.Error(path, $"{value.GetRawText()} is not a finite number; write {range}");
            return null;
        }

        if (!(number >= min && number <= max))
        {
            Diagnostics.Error(path, $"{value.GetRawText()} is out of range; write {range}");
            return null;
        }

        return number;
    }

    /// <summary>Reads a string that must be one of a fixed set of words.</summary>
    public T? Choice<T>(string name, bool required, IReadOnlyList<(string Word, T Value)> options)
        where T : struct
    {
        // Words are matched ignoring case ("AML", "Female"); aliases follow the canonical word.
        var valid = string.Join(" | ", options.DistinctBy(o => o.Value).Select(o => $"\"{o.Word}\""));
        if (!_fields.TryGetValue(name, out var value))
        {
            if (required)
            {
                Diagnostics.Error(Child(Path, name), $"is required but missing; write one of {valid}");
            }

            return null;
        }

        var path = Child(Path, name);
        if (value.ValueKind != JsonValueKind.String)
        {
            Diagnostics.Error(path, $"expected a string, found {Describe(value)}; write one of {valid}");
            return null;
        }

        var text = value.GetString();
        foreach (var (word, option) in options)
        {
            if (string.Equals(word, text?.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                return option;
            }
        }

        Diagnostics.Error(path, $"\"{text}\" is not a valid choice; write one of {valid}");
        return null;
    }

    /// <summary>Reads an optional true/false field.</summary>
    public bool? Flag(string name)
    {
        if (!_fields.TryGetValue(name, out var value))
        {
            return null;
        }

        if (value.ValueKind is JsonValueKind.True or JsonValueKind.False)
        {
            return value.GetBoolean();
        }

        Diagnostics.Error(Child(Path, name), $"expected true or false, found {Describe(value)}; write e.g. \"{name}\": true");
        return null;
    }

    /// <summary>A field's string as written, without checking it (null when absent or not a string).</summary>
    public string? Peek(string name) => _fields.TryGetValue(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    public string? Text(string name, bool required, string example)
    {
        if (!_fields.TryGetValue(name, out var value))
        {
            if (required)
            {
                Missing(name, example);
            }

            return null;
        }

        if (value.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(value.GetString()))
        {
            Diagnostics.Error(Child(Path, name), $"expected a non-empty string, found {Describe(value)}; write e.g. {example}");
            return null;
        }

        var text = value.GetString()!;
        if (text.Length > ScenarioLimits.MaxTextLength)
        {
            Diagnostics.Error(Child(Path, name), string.Create(CultureInfo.InvariantCulture, $"is {text.Length} characters long; write at most {ScenarioLimits.MaxTextLength}"));
            return null;
        }

        return text;
    }

    public static string Describe(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => $"the string \"{Truncate(element.GetString() ?? string.Empty)}\"",
        JsonValueKind.Number => $"the number {Truncate(element.GetRawText())}",
        JsonValueKind.True or JsonValueKind.False => $"{element.GetRawText()}",
        _ => "null",
    };

    private static string Truncate(string text) => QuantityText.Show(text);

    private static string UnknownField(string name, IReadOnlyList<string> allowed)
    {
        var closest = allowed
            .Select(a => (Field: a, Distance: EditDistance(name.ToLowerInvariant(), a.ToLowerInvariant())))
            .OrderBy(p => p.Distance)
            .FirstOrDefault();
        var guess = closest.Field is not null && closest.Distance <= Math.Max(2, name.Length / 3)
            ? $"did you mean \"{closest.Field}\"? "
            : string.Empty;
        return $"unknown field; {guess}fields allowed here: {string.Join(", ", allowed)}";
    }

    // Levenshtein distance, for "did you mean" on typos; names are short.
    private static int EditDistance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
