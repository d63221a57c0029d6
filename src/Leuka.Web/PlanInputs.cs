using System.Globalization;
using Leuka.Planning;
using Leuka.Quantities;

namespace Leuka.Web;

/// <summary>The plan's limits as text from a query or a form field: one reading for the API and the page.</summary>
internal static class PlanInputs
{
    /// <summary>Days and hours (defaults when empty), and a message per field that is not allowed.</summary>
    public static (int Days, double Hours, Dictionary<string, string[]> Errors) Read(string? days, string? hours)
    {
        var errors = new Dictionary<string, string[]>();
        var d = new PlanOptions().MaxDays;
        var h = new PlanOptions().MaxHours;
        if (!string.IsNullOrWhiteSpace(days) && !(int.TryParse(days, NumberStyles.Integer, CultureInfo.InvariantCulture, out d) && PlanOptions.DaysAllowed(d)))
        {
            errors["maxDays"] = [$"\"{QuantityParts.Shown(days)}\" is out of range; {PlanOptions.DaysHint}"];
        }

        if (!string.IsNullOrWhiteSpace(hours) && !(double.TryParse(hours, NumberStyles.Float, CultureInfo.InvariantCulture, out h) && PlanOptions.HoursAllowed(h)))
        {
            errors["maxHours"] = [$"\"{QuantityParts.Shown(hours)}\" is out of range; {PlanOptions.HoursHint}"];
        }

        return (d, h, errors);
    }
}
