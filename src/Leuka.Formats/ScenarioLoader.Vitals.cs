using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Leuka.Patients;
using Leuka.Quantities;

namespace Leuka.Formats;

/// <summary>The patient's resting vitals and prior procedures (docs/model/circulation.md).</summary>
public static partial class ScenarioLoader
{
    private const string VitalsExample = "{ \"bloodPressure\": \"118/76 mmHg\", \"heartRate\": \"80 /min\" }";

    /// <summary>Accepted ranges of the resting vitals: systolic, diastolic (mmHg), heart rate (/min).</summary>
    public const double MinSystolic = 50, MaxSystolic = 260, MinDiastolic = 20, MaxDiastolic = 160, MinHeartRate = 30, MaxHeartRate = 220;

    /// <summary>The most prior procedures a scenario may give.</summary>
    public const int MaxPriorProcedures = 1000;

    // Pressure only in mmHg (a kPa value would read as a dangerously low pressure): never guessed.
    [GeneratedRegex(@"^\s*([0-9]+(?:\.[0-9]+)?)\s*/\s*([0-9]+(?:\.[0-9]+)?)\s*mm\s?Hg\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex PressurePattern();

    [GeneratedRegex(@"^\s*([0-9]+(?:\.[0-9]+)?)\s*(?:/min|bpm|beats/min)\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex RatePattern();

    private static Vitals? ReadVitals(ObjectNode patient, Diagnostics d)
    {
        var node = patient.Has("vitals") ? patient.Object("vitals", required: false, ["bloodPressure", "heartRate"], VitalsExample) : null;
        if (node is null)
        {
            return null;
        }

        var errorsBefore = d.Errors.Count;
        var pressure = node.Text("bloodPressure", required: true, "\"118/76 mmHg\"");
        var rate = node.Text("heartRate", required: true, "\"80 /min\"");
        double systolic = 0, diastolic = 0, heartRate = 0;
        if (pressure is not null)
        {
            var path = ObjectNode.Child(node.Path, "bloodPressure");
            var m = PressurePattern().Match(pressure);
            if (!m.Success)
            {
                d.Error(path, $"\"{QuantityText.Show(pressure)}\" is not a blood pressure; write systolic/diastolic in mmHg, e.g. \"118/76 mmHg\"");
            }
            else
            {
                systolic = double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
                diastolic = double.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture);
                if (systolic is < MinSystolic or > MaxSystolic || diastolic is < MinDiastolic or > MaxDiastolic || systolic <= diastolic)
                {
                    d.Error(path, string.Create(CultureInfo.InvariantCulture, $"{systolic}/{diastolic} mmHg is out of range; the systolic must be {MinSystolic}–{MaxSystolic} and above the diastolic ({MinDiastolic}–{MaxDiastolic} mmHg)"));
                }
            }
        }

        if (rate is not null)
        {
            var path = ObjectNode.Child(node.Path, "heartRate");
            var m = RatePattern().Match(rate);
            if (!m.Success)
            {
                d.Error(path, $"\"{QuantityText.Show(rate)}\" is not a heart rate; write beats per minute with a unit, e.g. \"80 /min\" or \"80 bpm\"");
            }
            else
            {
                heartRate = double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
                if (heartRate is < MinHeartRate or > MaxHeartRate)
                {
                    d.Error(path, string.Create(CultureInfo.InvariantCulture, $"{heartRate} /min is out of range; write {MinHeartRate}–{MaxHeartRate} /min"));
                }
            }
        }

        return d.Errors.Count > errorsBefore ? null : new Vitals(systolic, diastolic, heartRate);
    }

    private static int? ReadPriorProcedures(ObjectNode patient, Diagnostics d)
    {
        if (!patient.TryGet("priorProcedures", out var value))
        {
            return 0;
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out var count) || count < 0 || count > MaxPriorProcedures)
        {
            d.Error(ObjectNode.Child(patient.Path, "priorProcedures"), string.Create(CultureInfo.InvariantCulture, $"expected a whole number of earlier apheresis procedures, found {ObjectNode.Describe(value)}; write 0 (this is the first) to {MaxPriorProcedures}"));
            return null;
        }

        return count;
    }
}
