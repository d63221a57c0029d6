using Leuka.Procedure;
using Leuka.Quantities;
using Leuka.Scenarios;
using Leuka.Separation;

namespace Leuka.Planning;

/// <summary>One day of a course.</summary>
/// <param name="Day">1 for the first procedure.</param>
/// <param name="Scenario">That morning's scenario (labs from the follow-up after day 1).</param>
/// <param name="Result">The procedure's result.</param>
/// <param name="Rows">Its time series.</param>
public sealed record CourseDay(int Day, Scenario Scenario, ProcedureResult Result, IReadOnlyList<TimeSeriesRow> Rows);

/// <summary>The whole course: each day, and the change from the first morning to the last evening.</summary>
/// <param name="Days">Every day in order.</param>
public sealed record CourseResult(IReadOnlyList<CourseDay> Days)
{
    /// <summary>WBC fall over the course, first pre-count to last post-count, %.</summary>
    public double WbcReductionPercent => Change(r => r.Wbc);

    /// <summary>Lymphocyte fall over the course, %.</summary>
    public double LymphocyteReductionPercent => Change(r => r.Lymphocytes);

    /// <summary>Platelet fall over the course, %.</summary>
    public double PlateletReductionPercent => Change(r => r.Platelets);

    /// <summary>Whether the patient has a blood CD34+ count: the course's tables then show it each morning, and each day's dose.</summary>
    public bool ShowsCd34 => Days[0].Scenario.Patient.Labs.Cd34 is not null;

    private double Change(Func<ProcedureResult, CountChange> count) =>
        count(Days[0].Result).Pre > 0 ? 100 * (1 - (count(Days[^1].Result).Post / count(Days[0].Result).Pre)) : 0;
}

/// <summary>
/// Runs a course: one procedure a day, the patient carried to the next morning through the
/// follow-up model (reservoirs stay as depleted as they are, recovery aims at the first day's
/// baseline, or the mobilised CD34+ level of the next day) with the course's cytoreduction, never
/// re-initialised at equilibrium.
/// docs/model/courses.md.
/// </summary>
public static class CourseRunner
{
    /// <summary>Time from one procedure's end to the next morning's.</summary>
    public static Duration Interval { get; } = Duration.FromHours(24);

    /// <summary>Runs every day of the scenario's course (one day without a course).</summary>
    public static CourseResult Run(Scenario scenario, SeparatorCache? cache = null, EngineOptions? options = null, IEnumerable<ScenarioWarning>? inputWarnings = null)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        if (RepeatsTarget(scenario))
        {
            throw new ArgumentException("course: a target stop over several days is the planner's question, not a stop to repeat each day", nameof(scenario));
        }

        var days = new List<CourseDay>();
        var today = scenario;
        CarriedPatient? carried = null;
        for (var d = 1; d <= scenario.Days; d++)
        {
            var engine = new ProcedureEngine(today, cache, options, d == 1 ? inputWarnings : null, carried);
            var result = engine.RunToEnd();
            days.Add(new CourseDay(d, today, result, engine.Rows));
            if (d < scenario.Days)
            {
                (carried, today) = NextMorning(engine, today, scenario.Course, d);
                today = today with { Name = $"{scenario.Name} (day {d + 1})" };
            }
        }

        return new CourseResult(days);
    }

    /// <summary>
    /// The patient on the morning after these days, each run at its own scenario (a plan's days:
    /// settings and volume change from day to day) and carried to the next as a course carries
    /// it; null for no days. What <c>leuka simulate --plan --day N</c> starts day N from.
    /// </summary>
    /// <param name="days">The days, in order, each a single procedure.</param>
    /// <param name="cache">Separator cache.</param>
    /// <param name="between">What happens between the days (cytoreduction, mobilisation); null for nothing.</param>
    public static CarriedPatient? CarryThrough(IEnumerable<Scenario> days, SeparatorCache? cache = null, CourseSettings? between = null)
    {
        ArgumentNullException.ThrowIfNull(days);
        CarriedPatient? carried = null;
        var d = 0;
        foreach (var day in days)
        {
            var engine = new ProcedureEngine(day, cache, carried: carried);
            engine.RunToEnd();
            (carried, _) = NextMorning(engine, day, between, ++d);
        }

        return carried;
    }

    /// <summary>
    /// The morning after day <paramref name="day"/>, which <paramref name="engine"/> has run at
    /// <paramref name="today"/>: the patient carried through the follow-up model for
    /// <see cref="Interval"/>, with the course's drug and mobilisation between the days, and the
    /// next day's scenario (today's settings, the morning's labs). One next morning for courses,
    /// plans and the plans made for a probability.
    /// </summary>
    public static (CarriedPatient Carried, Scenario Next) NextMorning(ProcedureEngine engine, Scenario today, CourseSettings? between, int day)
    {
        ArgumentNullException.ThrowIfNull(engine);
        var (carried, counts) = engine.After(Interval, between?.CytoreductionDailyFall ?? Fraction.Zero, between?.Cd34LevelFactorAfter(day) ?? 1);
        return (carried, Planner.NextDay(today, counts));
    }

    /// <summary>
    /// Whether a scenario's course would repeat a target over the whole course each day (a CD34+
    /// dose or a CD3+ yield): that is <c>leuka plan</c>'s question, which takes such a course as the
    /// most days and what happens between them. (A white-count target is each day's own stop.)
    /// </summary>
    public static bool RepeatsTarget(Scenario scenario) => scenario.CourseRepeatsTarget();
}
