using Leuka.Cohorts;
using Leuka.Formats;
using Leuka.Planning;
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
