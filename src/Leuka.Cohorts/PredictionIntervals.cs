using Leuka.Formats;
using Leuka.Patients;
using Leuka.Procedure;
using Leuka.Scenarios;
using Leuka.Separation;

namespace Leuka.Cohorts;

/// <summary>One predicted number: the median and the 5–95 % range over patients like this one.</summary>
/// <param name="Output">The summary.json path.</param>
/// <param name="Low">5th percentile.</param>
/// <param name="Median">Median.</param>
/// <param name="High">95th percentile.</param>
public sealed record PredictionInterval(string Output, double Low, double Median, double High);

/// <summary>
/// Prediction intervals for one patient: the scenario run for <c>draws</c> patients who differ from
/// it only by their random effects, drawn from their priors (docs/model/variation.md), each with
/// its own seed (<see cref="CohortRunner.MemberSeed"/> of the scenario's seed), on the cohorts'
/// separator response. The interval is the 5–95 % range of their outcomes (type 7 percentiles):
/// nine patients in ten like this one fall inside it, as far as the priors describe the spread.
/// </summary>
public static class PredictionIntervals
{
    /// <summary>Patients drawn per interval: enough that the 5 % and 95 % points are themselves steady (with 200 the coverage of the interval wandered ±2 %).</summary>
    public const int Draws = 400;

    /// <summary>The numbers given an interval.</summary>
    public static IReadOnlyList<string> Outputs { get; } =
    [
        "wbc.postE9PerL", "platelets.postE9PerL", "durationMin", "processedVolumeL", "product.cd3E9", "product.cd34PerKgE6",
        "ionizedCalcium.nadirMmolPerL", "ionizedCalcium.citrateReactionProbability",
    ];

    /// <summary>The intervals for <paramref name="scenario"/>; every draw runs the whole procedure.</summary>
    public static IReadOnlyList<PredictionInterval> For(Scenario scenario, int draws = Draws) => Of(Run(scenario, draws));

    /// <summary>The intervals of outcomes already run.</summary>
    public static IReadOnlyList<PredictionInterval> Of(IReadOnlyList<ProcedureResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        return [.. Outputs.Select(o =>
        {
            var values = results.Select(r => SummaryFields.Value(r, o)).Where(double.IsFinite).Order().ToArray();
            return new PredictionInterval(o, CohortOutput.Quantile(values, 0.05), CohortOutput.Quantile(values, 0.5), CohortOutput.Quantile(values, 0.95));
        })];
    }

    /// <summary>
    /// The share of the outcomes that reach a target stop's goal (CD3+ yield, CD34+ dose, white
    /// count after): how likely a patient like this one is to reach it as planned. Null for other stops.
    /// </summary>
    public static double? Reaching(StopCondition goal, IReadOnlyList<ProcedureResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        Func<ProcedureResult, bool>? reached = goal switch
        {
            TargetCd3YieldStop t => r => r.Product.Cd3E9 >= t.Cells.E9 * 0.995,
            TargetCd34DoseStop t => r => r.Product.Cd34PerKgE6 >= t.Dose.E6PerKilogram * 0.995,
            TargetPostWbcStop t => r => r.Wbc.Post <= t.Wbc.E9PerLiter * 1.005,
            _ => null,
        };
        return reached is null || results.Count == 0 ? null : results.Count(reached) / (double)results.Count;
    }

    /// <summary>
    /// Patient <paramref name="k"/> like this one: the scenario with its own seed (member seed
    /// <paramref name="k"/> of the scenario's) and random effects drawn from their priors with it.
    /// </summary>
    public static Scenario LikeThis(Scenario scenario, long k)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        var seed = (int)CohortRunner.MemberSeed(scenario.Seed, k);
        var variation = PatientVariation.Draw(new Random(seed)) with { CitrateTolerance = null };
        return scenario with { Seed = seed, Patient = scenario.Patient with { Variation = variation } };
    }

    /// <summary>Runs the scenario for <paramref name="draws"/> patients like it (their random effects from the priors).</summary>
    public static IReadOnlyList<ProcedureResult> Run(Scenario scenario, int draws = Draws)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentOutOfRangeException.ThrowIfLessThan(draws, 20);
        var response = new SeparatorResponse(SeparatorModel.Default, ResponseGrid.Default);
        var results = new ProcedureResult[draws];
        Parallel.For(0, draws, k => results[k] = new ProcedureEngine(LikeThis(scenario, k), CohortRunner.MemberCache(response)).RunToEnd());

        return results;
    }
}
