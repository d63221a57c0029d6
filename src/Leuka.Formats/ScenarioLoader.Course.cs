using System.Globalization;
using Leuka.Quantities;
using Leuka.Scenarios;

namespace Leuka.Formats;

/// <summary>A course of consecutive daily procedures: <c>course</c> (docs/model/courses.md).</summary>
public static partial class ScenarioLoader
{
    private static readonly string[] CourseFields = ["days", "cytoreduction"];
    private static readonly string[] CytoreductionFields = ["dailyFall"];

    // The daily fall a drug alone brings, 0–95 %: more than 95 % a day is no longer a course.
    private static readonly Limit<Fraction> DailyFall = new(Fraction.Zero, Fraction.FromPercent(95), "a drug that removes more than 95 % of the malignant cells a day needs no leukapheresis");

    private static CourseSettings? ReadCourse(ObjectNode root, Diagnostics d)
    {
        var node = root.Object("course", required: false, CourseFields, "{ \"days\": 3, \"cytoreduction\": { \"dailyFall\": \"30 %\" } }");
        if (node is null)
        {
            return null;
        }

        var errorsBefore = d.Errors.Count;
        var days = node.Number("days", required: true, 1, CourseSettings.MaxDays, "3");
        if (days is { } n && n != Math.Floor(n))
        {
            d.Error(ObjectNode.Child(node.Path, "days"), string.Create(CultureInfo.InvariantCulture, $"{n} is not a whole number of days; write an integer from 1 to {CourseSettings.MaxDays}"));
        }

        var fall = Fraction.Zero;
        if (node.Object("cytoreduction", required: false, CytoreductionFields, "{ \"dailyFall\": \"30 %\" }") is { } drug)
        {
            fall = drug.Quantity("dailyFall", required: true, DailyFall) ?? Fraction.Zero;
        }

        return days is null || d.Errors.Count > errorsBefore ? null : new CourseSettings((int)days.Value, fall);
    }
}
