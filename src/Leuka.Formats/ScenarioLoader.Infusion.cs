using System.Globalization;
using System.Text.RegularExpressions;
using Leuka.Procedure;
using Leuka.Quantities;
using Leuka.Scenarios;

namespace Leuka.Formats;

/// <summary>A citrate infusion without separation: <c>procedure.citrateInfusion</c> (docs/model/citrate-calcium.md).</summary>
public static partial class ScenarioLoader
{
    private const string InfusionExample = "{ \"rate\": \"0.5 mmol/kg/h\", \"for\": \"2 h\" }";

    // The settings of a separator, which a citrate infusion does not have.
    private static readonly string[] SeparationFields = ["inletFlow", "inletToAcRatio", "collectFlow", "collectionMode", "centrifuge", "prime", "primeHematocrit", "device", "collectHematocrit", "anticoagulant", "acInfusionRateLimit", "access"];

    // mmol/kg/h or /min, or the clinical citrate infusion rate in mg/kg/min (citrate anion, 189.1 g/mol).
    [GeneratedRegex(@"^\s*([0-9]+(?:\.[0-9]+)?)\s*(mmol/kg/h|mmol/kg/min|mg/kg/min)\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex InfusionRatePattern();

    private static CitrateInfusion? ReadCitrateInfusion(ObjectNode procedure, ProcedureKind? kind, StopCondition? stop, Diagnostics d)
    {
        var infusing = kind == ProcedureKind.CitrateInfusion;
        if (!infusing)
        {
            if (procedure.Has("citrateInfusion") && kind is not null)
            {
                d.Error(ObjectNode.Child(procedure.Path, "citrateInfusion"), $"is the infusion of the \"citrate-infusion\" kind; this procedure is \"{ScenarioWords.Of(kind.Value)}\", whose citrate comes with its AC: leave it out");
            }

            return null;
        }

        foreach (var field in SeparationFields.Where(procedure.Has))
        {
            d.Error(ObjectNode.Child(procedure.Path, field), "is a separator setting, and a citrate infusion draws no blood; leave it out");
        }

        if (procedure.Has("sampleVolume"))
        {
            d.Error(ObjectNode.Child(procedure.Path, "sampleVolume"), "is the blood each calcium measurement draws during a separation; a citrate infusion's samples are not modelled: leave it out");
        }

        if (procedure.Has("setVolume"))
        {
            d.Error(ObjectNode.Child(procedure.Path, "setVolume"), "is the volume of a separation's disposable set; a citrate infusion runs without one: leave it out");
        }

        var node = procedure.Object("citrateInfusion", required: true, ["rate", "for"], InfusionExample);
        if (node is null)
        {
            return null;
        }

        var errorsBefore = d.Errors.Count;
        var text = node.Text("rate", required: true, "\"0.5 mmol/kg/h\"");
        var duration = node.Quantity("for", required: true, ScenarioLimits.RunDuration);
        double rate = 0;
        if (text is not null)
        {
            var path = ObjectNode.Child(node.Path, "rate");
            var m = InfusionRatePattern().Match(text);
            if (!m.Success || !double.TryParse(m.Groups[1].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                d.Error(path, $"\"{QuantityText.Show(text)}\" is not a citrate infusion rate; write it per kg of body weight, e.g. \"0.5 mmol/kg/h\" or \"1.6 mg/kg/min\"");
            }
            else
            {
                rate = m.Groups[2].Value switch
                {
                    "mmol/kg/min" => value * 60,
                    "mg/kg/min" => value / Substance.Citrate.MolarMassGramsPerMole * 60,
                    _ => value,
                };
                if (rate is <= 0 or > CitrateInfusion.MaxMillimolesPerKgPerHour)
                {
                    d.Error(path, string.Create(CultureInfo.InvariantCulture, $"{QuantityText.Show(text)} is {rate:0.###} mmol/kg/h; write more than 0 and at most {CitrateInfusion.MaxMillimolesPerKgPerHour} mmol/kg/h (Kramer infused 0.5)"));
                }
            }
        }

        if (duration is { } f && stop is not DurationStop)
        {
            d.Error(ObjectNode.Child(procedure.Path, "stop"), "a citrate infusion stops after a duration (the infusion and the observation after it); write e.g. { \"duration\": \"4 h\" }");
        }
        else if (duration is { } g && stop is DurationStop s && s.Duration < g)
        {
            d.Error(ObjectNode.Child(node.Path, "for"), $"{g} is longer than the run ({s.Duration}); the infusion runs within the run, which goes on to observe the fall");
        }

        return d.Errors.Count > errorsBefore || duration is null ? null : new CitrateInfusion(rate, duration.Value);
    }
}
