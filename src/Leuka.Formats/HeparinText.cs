using Leuka.Quantities;

namespace Leuka.Formats;

/// <summary>How a heparin bolus is written: one field, a dose in IU or one by weight in IU/kg.</summary>
internal static class HeparinText
{
    public const string BolusForms = "write the bolus as a dose in IU, e.g. \"2800 IU\" (at most 10,000), or by weight in IU/kg, e.g. \"40 IU/kg\" (at most 100)";

    /// <summary>A bolus in IU; a failure says both forms.</summary>
    public static ParseResult<Activity> ParseBolus(string? text)
    {
        var parsed = Activity.Parse(text);
        return parsed.Success ? parsed : ParseResult<Activity>.Fail($"\"{QuantityParts.Shown(text)}\" is not a heparin dose; {BolusForms}");
    }
}
