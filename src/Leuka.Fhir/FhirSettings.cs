using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Hl7.Fhir.Model;

namespace Leuka.Fhir;

/// <summary>
/// The scenario a procedure was run with, as extensions on the FHIR Procedure: one per field, its
/// path in the scenario file and its value as written there (strings, numbers, booleans). The
/// patient's sex, height, weight and labs are not among them: they travel as the Patient and as
/// Observations, where the hospital reads them. Read back, the fields and those resources give the
/// scenario again (docs/fhir.md).
/// </summary>
public static partial class FhirSettings
{
    private static readonly HashSet<string> FromResources = new(StringComparer.Ordinal) { "patient.sex", "patient.height", "patient.weight" };

    /// <summary>The extensions for a scenario's JSON.</summary>
    public static IReadOnlyList<Extension> Write(JsonObject scenario)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        var list = new List<Extension>();
        Flatten(scenario, "", list);
        return list;
    }

    /// <summary>The scenario's fields from a Procedure's extensions; problems name the extension by position.</summary>
    public static JsonObject Read(IEnumerable<Extension> extensions, List<string> problems)
    {
        ArgumentNullException.ThrowIfNull(extensions);
        ArgumentNullException.ThrowIfNull(problems);
        var root = new JsonObject();
        var i = 0;
        foreach (var e in extensions.Where(e => e.Url == FhirCodes.SettingExtension))
        {
            var path = (e.GetExtension("path")?.Value as FhirString)?.Value;
            var value = e.GetExtension("value")?.Value;
            JsonNode? node = value switch
            {
                FhirString s => JsonValue.Create(s.Value),
                FhirDecimal d when d.Value is { } m => JsonValue.Create(m),
                FhirBoolean b when b.Value is { } v => JsonValue.Create(v),
                Markdown m when m.Value is "[]" => new JsonArray(),
                Markdown m when m.Value is "{}" => new JsonObject(),
                _ => null,
            };
            if (path is null || node is null || !Set(root, path, node))
            {
                problems.Add($"setting {i}: needs a path (a scenario field such as procedure.inletFlow) and a string, decimal or boolean value; got path \"{path ?? "none"}\"");
            }

            i++;
        }

        return root;
    }

    private static void Flatten(JsonNode? node, string path, List<Extension> list)
    {
        switch (node)
        {
            case JsonObject o when o.Count == 0:
                list.Add(Setting(path, new Markdown("{}")));
                break;
            case JsonObject o:
                foreach (var (key, child) in o)
                {
                    var p = path.Length == 0 ? key : path + "." + key;
                    if (!FromResources.Contains(p) && p != "patient.labs")
                    {
                        Flatten(child, p, list);
                    }
                }

                break;
            case JsonArray a when a.Count == 0:
                list.Add(Setting(path, new Markdown("[]")));
                break;
            case JsonArray a:
                for (var k = 0; k < a.Count; k++)
                {
                    Flatten(a[k], path + "[" + k.ToString(CultureInfo.InvariantCulture) + "]", list);
                }

                break;
            case JsonValue v when v.GetValueKind() == JsonValueKind.String:
                list.Add(Setting(path, new FhirString(v.GetValue<string>())));
                break;
            case JsonValue v when v.GetValueKind() is JsonValueKind.True or JsonValueKind.False:
                list.Add(Setting(path, new FhirBoolean(v.GetValue<bool>())));
                break;
            case JsonValue v when v.GetValueKind() == JsonValueKind.Number:
                list.Add(Setting(path, new FhirDecimal(decimal.Parse(v.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture))));
                break;
            default:
                // JSON null: the field is absent.
                break;
        }
    }

    private static Extension Setting(string path, DataType value)
    {
        var e = new Extension { Url = FhirCodes.SettingExtension };
        e.Extension.Add(new Extension("path", new FhirString(path)));
        e.Extension.Add(new Extension("value", value));
        return e;
    }

    // Places a value at "a.b[2].c", creating objects and arrays on the way; false when the path does not fit what is there.
    private static bool Set(JsonObject root, string path, JsonNode value)
    {
        var segments = path.Split('.');
        JsonNode current = root;
        for (var s = 0; s < segments.Length; s++)
        {
            var m = Segment().Match(segments[s]);
            if (!m.Success)
            {
                return false;
            }

            var name = m.Groups[1].Value;
            var last = s == segments.Length - 1;
            if (current is not JsonObject obj)
            {
                return false;
            }

            if (!m.Groups[2].Success)
            {
                if (last)
                {
                    if (obj.ContainsKey(name))
                    {
                        return false;
                    }

                    obj[name] = value;
                    return true;
                }

                current = obj[name] ??= new JsonObject();
                continue;
            }

            var index = int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture);
            if ((obj[name] ??= new JsonArray()) is not JsonArray array || index > array.Count)
            {
                return false;
            }

            if (index == array.Count)
            {
                array.Add(last ? value : new JsonObject());
                if (last)
                {
                    return true;
                }
            }
            else if (last)
            {
                return false;
            }

            current = array[index]!;
        }

        return false;
    }

    [GeneratedRegex(@"^([A-Za-z][A-Za-z0-9]*)(?:\[(\d{1,4})\])?$")]
    private static partial Regex Segment();
}
