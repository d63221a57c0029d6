using Leuka.Cohorts;
using Leuka.Formats;
using Leuka.Planning;
using Leuka.Procedure;
using Leuka.Scenarios;

namespace Leuka.Web;

/// <summary>
/// Patients like this one from the pages (the prediction intervals and the plan for a
/// probability): hundreds of simulations each, so one at a time. The API's endpoints take the
/// server's run slots instead; the pages, which the rate limiter does not cover, take this gate.
/// </summary>
internal static class LikeThis
{
    private static readonly SemaphoreSlim Gate = new(1, 1);

    /// <summary>What a page says when another request holds the gate.</summary>
    public const string Busy = "Another request is computing patients like this one; try again in a few seconds.";

    /// <summary>The intervals and bands, or null when the gate is held.</summary>
    public static PatientsLikeThis? Intervals(Scenario scenario) => Held(() => PredictionIntervals.RunWithBands(scenario).LikeThis);

    /// <summary>
    /// Day 1 of a plan for patients like this one: the intervals of its main figures and, for a
    /// one-day plan to a target, the share who reach the goal; null when the gate is held.
    /// </summary>
    public static DayOne? FirstDay(Plan plan, StopCondition goal) => Held(() =>
    {
        var runs = PredictionIntervals.Run(plan.Days[0].Scenario);
        return new DayOne(PredictionIntervals.Of(runs), plan.Days.Count == 1 ? PredictionIntervals.Reaching(goal, runs) : null, runs.Count);
    });

    /// <summary>The plan for a probability, or null when the gate is held.</summary>
    public static ConfidentPlan? Plan(Scenario scenario, PlanOptions options, double probability) =>
        Held(() => ConfidentPlanner.Make(scenario, options, probability, cache: ApiEndpoints.Cache.Current));

    private static T? Held<T>(Func<T> work)
        where T : class
    {
        if (!Gate.Wait(0))
        {
            return null;
        }

        try
        {
            return work();
        }
        finally
        {
            Gate.Release();
        }
    }
}

/// <summary>Day 1 of a plan for patients like this one.</summary>
/// <param name="Intervals">Median and 5–95 % of its main figures.</param>
/// <param name="Reaching">For a one-day plan to a target: the share who reach the goal.</param>
/// <param name="Patients">Patients simulated.</param>
internal sealed record DayOne(IReadOnlyList<PredictionInterval> Intervals, double? Reaching, int Patients);
