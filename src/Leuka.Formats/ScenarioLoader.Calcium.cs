using System.Text.Json;
using Leuka.Procedure;
using Leuka.Quantities;
using Leuka.Scenarios;

namespace Leuka.Formats;

/// <summary>Calcium care: <c>procedure.calciumMonitoring</c> (docs/model/citrate-calcium.md, calcium care).</summary>
public static partial class ScenarioLoader
{
    private const string MonitoringExample = "\"intermittent\" (every 30 min), { \"every\": \"60 min\" }, \"on-symptoms\", \"continuous\" or \"none\"";

    // A word, or an object giving the interval of intermittent measurements.
    private static CalciumMonitoring? ReadCalciumMonitoring(ObjectNode procedure, Diagnostics d)
    {
        if (!procedure.TryGet("calciumMonitoring", out var value))
        {
            return null;
        }

        var path = ObjectNode.Child(procedure.Path, "calciumMonitoring");
        if (value.ValueKind == JsonValueKind.String)
        {
            switch (value.GetString())
            {
                case "intermittent":
                    return CalciumMonitoring.Default;
                case "on-symptoms":
                    return CalciumMonitoring.OnSymptoms;
                case "continuous":
                    return CalciumMonitoring.Continuous;
                case "none":
                    return CalciumMonitoring.None;
                default:
                    d.Error(path, $"\"{QuantityText.Show(value.GetString() ?? "")}\" is not a way of monitoring calcium; write {MonitoringExample}");
                    return null;
            }
        }

        var node = procedure.Object("calciumMonitoring", required: false, ["every"], MonitoringExample);
        return node?.Quantity("every", required: true, ScenarioLimits.CalciumMonitoringInterval) is { } every
            ? new CalciumMonitoring(CalciumMonitoringMode.Intermittent, every)
            : null;
    }
}
