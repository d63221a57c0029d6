using System.Text.Json;
using Leuka.Patients;
using Leuka.Quantities;

namespace Leuka.Formats;

/// <summary>The patient's random effects: <c>patient.variation</c> (docs/model/variation.md).</summary>
public static partial class ScenarioLoader
{
    private const string VariationExample = "{ \"interfaceWobble\": 1.3, \"tissueExchange\": 0.8 } or \"drawn\"";

    // The seed as the root gives it (its errors are reported where the seed is read); 0 when absent.
    private static int SeedOf(ObjectNode root) =>
        root.TryGet("seed", out var s) && s.ValueKind == JsonValueKind.Number && s.TryGetInt32(out var seed) && seed >= 0 ? seed : 0;

    // "typical" (or absent): every multiplier 1; "drawn": each drawn from its prior with the
    // scenario's seed; an object: the multipliers given, 1 for those left out.
    private static PatientVariation? ReadVariation(ObjectNode patient, Diagnostics d, Func<int> seed)
    {
        if (!patient.TryGet("variation", out var value))
        {
            return null;
        }

        var path = ObjectNode.Child(patient.Path, "variation");
        if (value.ValueKind == JsonValueKind.String)
        {
            switch (value.GetString())
            {
                case "typical":
                    return PatientVariation.Typical;
                case "drawn":
                    return PatientVariation.Draw(PatientVariation.GeneratorFor(seed()));
                default:
                    d.Error(path, $"\"{QuantityText.Show(value.GetString() ?? "")}\" is not a variation; write \"typical\", \"drawn\" (from the seed) or an object of multipliers, e.g. {VariationExample}");
                    return null;
            }
        }

        var names = PatientVariation.Priors.Select(p => p.Name).ToArray();
        var node = patient.Object("variation", required: false, [.. names, "citrateTolerance"], VariationExample);
        if (node is null)
        {
            return null;
        }

        var values = new double[names.Length];
        for (var i = 0; i < names.Length; i++)
        {
            values[i] = node.Number(names[i], required: false, RandomEffect.Min, RandomEffect.Max, "1.3") ?? 1;
        }

        var tolerance = node.Number("citrateTolerance", required: false, PatientVariation.MinTolerance, PatientVariation.MaxTolerance, "0.3");
        return PatientVariation.From(values) with { CitrateTolerance = tolerance };
    }
}
