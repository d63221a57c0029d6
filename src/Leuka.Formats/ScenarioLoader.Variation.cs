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
    // A measured blood volume is the body's own: there is no estimate for it to differ from, so a
    // drawn variation keeps it and an explicit bloodVolume multiplier is refused.
    private static PatientVariation? ReadVariation(ObjectNode patient, Diagnostics d, Func<int> seed, bool bloodVolumeMeasured)
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
                    var drawn = PatientVariation.Draw(PatientVariation.GeneratorFor(seed()));
                    return bloodVolumeMeasured ? drawn with { BloodVolume = 1 } : drawn;
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
            var prior = PatientVariation.Priors[i];
            values[i] = node.Number(names[i], required: false, prior.Lowest, prior.Highest, "1.1") ?? 1;
        }

        if (bloodVolumeMeasured && node.Has("bloodVolume"))
        {
            d.Error(ObjectNode.Child(path, "bloodVolume"), "is given but patient.bloodVolume.liters is measured: a measured volume is the patient's own, with no estimate to differ from; leave one of them out");
        }

        var tolerance = node.Number("citrateTolerance", required: false, PatientVariation.MinTolerance, PatientVariation.MaxTolerance, "0.3");
        return PatientVariation.From(values) with { CitrateTolerance = tolerance };
    }
}
