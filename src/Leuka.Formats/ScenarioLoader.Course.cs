using System.Globalization;
using Leuka.Patients;
using Leuka.Planning;
using Leuka.Procedure;
using Leuka.Quantities;
using Leuka.Scenarios;

namespace Leuka.Formats;

/// <summary>A course of consecutive daily procedures: <c>course</c> (docs/model/courses.md).</summary>
public static partial class ScenarioLoader
{
    private static readonly string[] CourseFields = ["days", "cytoreduction", "mobilization"];
    private static readonly string[] CytoreductionFields = ["dailyFall"];
    private static readonly string[] MobilizationFields = ["dailyCd34Factor", "plerixafor"];
    private static readonly string[] PlerixaforFields = ["fromDay", "cd34Fold"];
    private const string MobilizationExample = "{ \"dailyCd34Factor\": 0.85, \"plerixafor\": { \"fromDay\": 2, \"cd34Fold\": 2.6 } }";

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

        var beforeMobilization = d.Errors.Count;
        var mobilization = node.Object("mobilization", required: false, MobilizationFields, MobilizationExample) is { } m
            ? ReadMobilization(m, days, d, beforeMobilization)
            : null;
        return days is null || d.Errors.Count > errorsBefore ? null : new CourseSettings((int)days.Value, fall, mobilization);
    }

    private static Mobilization? ReadMobilization(ObjectNode node, double? days, Diagnostics d, int errorsBefore)
    {
        if (days is 1)
        {
            // One day has no next morning: the fields below are not checked against it.
            d.Error(node.Path, "moves the CD34+ level from one morning to the next, and a course of 1 day has none; set course.days to 2 or more, or remove mobilization");
            return null;
        }

        var daily = node.Number("dailyCd34Factor", required: false, Mobilization.MinDailyFactor, Mobilization.MaxDailyFactor, "0.85");
        int from = 0;
        double fold = 1;
        var plerixafor = node.Object("plerixafor", required: false, PlerixaforFields, "{ \"fromDay\": 2, \"cd34Fold\": 2.6 }");
        if (plerixafor is { } p)
        {
            var last = days is { } n ? (int)Math.Clamp(n, 2, CourseSettings.MaxDays) : CourseSettings.MaxDays;
            var fromDay = p.Number("fromDay", required: true, 2, last, "2");
            if (fromDay is { } f && f != Math.Floor(f))
            {
                d.Error(ObjectNode.Child(p.Path, "fromDay"), string.Create(CultureInfo.InvariantCulture, $"{f} is not a whole day; write the first day (2 to {last}) whose procedure follows an evening dose"));
            }

            from = (int)(fromDay ?? 0);
            fold = p.Number("cd34Fold", required: true, Mobilization.MinFold, Mobilization.MaxFold, "2.6") ?? 1;
        }

        // Only an empty object is a no-op; a field already named as wrong says enough.
        if (daily is null && plerixafor is null && d.Errors.Count == errorsBefore)
        {
            d.Error(node.Path, "gives neither dailyCd34Factor nor plerixafor, so it would change nothing; add one, e.g. " + MobilizationExample + ", or remove mobilization");
        }

        return new Mobilization(daily ?? 1, from, fold);
    }

    private static void CourseFits(CourseSettings? course, Patient patient, Diagnostics d)
    {
        if (course?.Mobilization is not null && patient.Labs.Cd34 is null)
        {
            d.Error("course.mobilization", "moves the blood CD34+ count, and the patient has none: give patient.labs.cd34 (e.g. \"25 /uL\"), or remove mobilization");
        }
    }

    /// <summary>
    /// For the commands that run a course (<c>leuka simulate</c>): an error when each day would
    /// repeat a target over the whole course (a CD34+ dose or CD3+ yield), which is
    /// <c>leuka plan</c>'s question; null otherwise.
    /// </summary>
    public static ScenarioError? CourseRepeatsTarget(Scenario scenario)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        return CourseRunner.RepeatsTarget(scenario)
            ? new ScenarioError("course", "repeats each day's stop, and a CD34+ dose or CD3+ yield is a target over the whole course: plan it with 'leuka plan' (the course gives the most days and what happens between them), or stop each day by bloodVolumes, processedVolume or duration")
            : null;
    }

    /// <summary>
    /// For the planner: an error when a scenario holds a course of several days but its stop is not
    /// a target (a course then says exactly what runs each day: simulate it); null otherwise.
    /// </summary>
    public static ScenarioError? PlannableCourse(Scenario scenario, string command)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        return scenario.Days > 1 && !scenario.Procedure.Stop.IsTarget()
            ? new ScenarioError("course", $"{command} plans the days toward a target, and this course repeats a stop by {ScenarioWords.Of(scenario.Procedure.Stop)}: give procedure.stop a target (targetPostWbc, targetCd34Dose or targetCd3Yield) to plan up to {scenario.Days} days, or run the course with 'leuka simulate'")
            : null;
    }

    /// <summary>
    /// An error when a scenario holds a course but the command runs one procedure (a sweep, a
    /// cohort or a live run is one procedure per point); null otherwise.
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
