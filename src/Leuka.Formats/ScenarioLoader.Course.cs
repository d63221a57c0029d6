using System.Globalization;
using Leuka.Procedure;
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

    // Each day of a course runs the scenario's stop again: a dose or yield over the whole course is
    // the planner's question, not a repeated stop.
    private static void CourseFits(CourseSettings? course, ProcedureSettings procedure, Diagnostics d)
    {
        if (course is { Days: > 1 } && procedure.Stop is TargetCd34DoseStop or TargetCd3YieldStop)
        {
            d.Error("course", "repeats each day's stop, and a CD34+ dose or CD3+ yield is a target over the whole course: use 'leuka plan' for the days it takes, or stop each day by bloodVolumes, processedVolume or duration");
        }
    }

    /// <summary>
    /// An error when a scenario holds a course but the command runs one procedure (<c>leuka plan</c>
    /// chooses its own days, a sweep or a live run is one procedure per point); null otherwise.
    /// </summary>
    public static ScenarioError? SingleProcedureOnly(Scenario scenario, string command)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        return scenario.Days > 1
            ? new ScenarioError("course", $"{command} runs one procedure, and this scenario holds a course of {scenario.Days}; remove course, or run it with 'leuka simulate'")
            : null;
    }

    /// <summary>
    /// A citrate infusion has no settings to plan or sweep (no blood is processed): null when the
    /// scenario is a separating procedure, else the error naming <c>procedure.kind</c>.
    /// </summary>
    public static ScenarioError? SeparatingOnly(Scenario scenario, string command)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        return scenario.Procedure.Kind == ProcedureKind.CitrateInfusion
            ? new ScenarioError("procedure.kind", $"\"citrate-infusion\" processes no blood, so {command} has nothing to choose; run it with 'leuka simulate'")
            : null;
    }
}
