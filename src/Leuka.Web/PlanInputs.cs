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
            errors["maxDays"] = [$"\"{Elide(days)}\" is out of range; {PlanOptions.DaysHint}"];
        }

        if (!string.IsNullOrWhiteSpace(hours) && !(double.TryParse(hours, NumberStyles.Float, CultureInfo.InvariantCulture, out h) && PlanOptions.HoursAllowed(h)))
        {
            errors["maxHours"] = [$"\"{Elide(hours)}\" is out of range; {PlanOptions.HoursHint}"];
        }

        return (d, h, errors);
    }

    /// <summary>A value echoed in a message: long ones cut, with their length.</summary>
    public static string Elide(string value) => QuantityParts.Shown(value);
}
