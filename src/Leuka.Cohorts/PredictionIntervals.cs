using Leuka.Formats;
using Leuka.Patients;
using Leuka.Planning;
using Leuka.Procedure;
using Leuka.Scenarios;
using Leuka.Separation;

namespace Leuka.Cohorts;

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
        Func<ProcedureResult, bool>? reached = goal is TargetCd3YieldStop or TargetCd34DoseStop or TargetPostWbcStop
            ? r => Planner.GoalMet(goal, r, r.Product.Cd34PerKgE6, r.Product.Cd3E9)
            : null;
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

    /// <summary>The time-series columns given a band on the report's plots.</summary>
    public static IReadOnlyList<string> BandHeaders { get; } =
    [
        "WBC(10^9/L)", "Platelets(10^9/L)", "Blasts(10^9/L)", "Hematocrit(%)", "IonizedCalcium(mmol/L)", "PlasmaCitrate(mmol/L)",
        "MeanArterialPressure(mmHg)", "SystolicPressure(mmHg)", "HeartRate(/min)", "ProductWBC(10^9)", "ProductCD34(10^6)", "FluidBalance(mL)",
    ];

    /// <summary>
    /// The intervals and, for <see cref="BandHeaders"/>, the bands over time, from one run of
    /// <paramref name="draws"/> patients like this one. Each run's rows are reduced to the banded
    /// columns at whole minutes as soon as it ends, so memory stays small. The bands end where the
    /// longest 5 % of the procedures go on alone.
    /// </summary>
    public static (IReadOnlyList<ProcedureResult> Results, PatientsLikeThis LikeThis) RunWithBands(Scenario scenario, int draws = Draws)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentOutOfRangeException.ThrowIfLessThan(draws, 20);
        var response = new SeparatorResponse(SeparatorModel.Default, ResponseGrid.Default);
        var results = new ProcedureResult[draws];
        var columns = new double[draws][][];
        Parallel.For(0, draws, k =>
        {
            var engine = new ProcedureEngine(LikeThis(scenario, k), CohortRunner.MemberCache(response));
            results[k] = engine.RunToEnd();
            columns[k] = Minutes(engine.Rows);
        });

        // The band runs as long as one procedure in twenty is still going.
        var length = (int)Math.Ceiling(CohortOutput.Quantile([.. columns.Select(c => (double)c[0].Length).Order()], 0.95));
        var bands = BandHeaders.Select((header, h) =>
        {
            var time = new double[length];
            var low = new double[length];
            var median = new double[length];
            var high = new double[length];
            var at = new double[draws];
            for (var m = 0; m < length; m++)
            {
                for (var k = 0; k < draws; k++)
                {
                    // A procedure that has ended holds its last value.
                    var c = columns[k][h];
                    at[k] = c[Math.Min(m, c.Length - 1)];
                }

                Array.Sort(at);
                (time[m], low[m], median[m], high[m]) = (m, CohortOutput.Quantile(at, 0.05), CohortOutput.Quantile(at, 0.5), CohortOutput.Quantile(at, 0.95));
            }

            return new TimeBand(header, time, low, median, high);
        }).ToList();
        return (results, new PatientsLikeThis(draws, Of(results), bands));
    }

    // The banded columns at each whole minute from 0 (the report interval is one minute; a minute
    // without a row holds the row before).
    private static double[][] Minutes(IReadOnlyList<TimeSeriesRow> rows)
    {
        var last = rows.Count == 0 ? 0 : (int)Math.Floor(rows[^1].TimeMin + 1e-6);
        return [.. BandHeaders.Select(h =>
        {
            var values = new double[last + 1];
            var i = 0;
            for (var m = 0; m <= last; m++)
            {
                while (i + 1 < rows.Count && rows[i + 1].TimeMin <= m + 1e-6)
                {
                    i++;
                }

                values[m] = rows.Count == 0 ? 0 : TimeSeriesCsv.Value(rows[i], h);
            }

            return values;
        })];
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
