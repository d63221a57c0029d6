using System.Globalization;
using Leuka.Patients;
using Leuka.Physiology;
using Leuka.Procedure;
using Leuka.Scenarios;
using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.Optimization;

namespace Leuka.Validation;

/// <summary>One procedure's covariates of the citrate-reaction model, as the engine reports them.</summary>
/// <param name="RelativeFall">1 − nadir / baseline ionized calcium.</param>
/// <param name="Female">The patient is a woman.</param>
/// <param name="DoseRate">Citrate reaching the patient over the procedure, mg/kg/min.</param>
public readonly record struct ReactionCovariates(double RelativeFall, bool Female, double DoseRate)
{
    /// <summary>The covariates of a simulated procedure.</summary>
    public static ReactionCovariates Of(Scenario scenario, ProcedureResult result)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(result);
        var ca = result.IonizedCalcium;
        var fall = Math.Max(0, 1 - (ca.NadirMmolPerL / ca.BaselineMmolPerL));
        var dose = PatientPhysiology.DoseRate(scenario.Patient.Weight.Kilograms, result.Citrate.ToPatientMmol, result.DurationMin);
        return new(fall, scenario.Patient.Sex == Sex.Female, dose);
    }
}

/// <summary>One published figure the model is fitted to.</summary>
/// <param name="Label">Case and output.</param>
/// <param name="Published">The published value: a reaction rate (share), or a relative change of the rate between two arms.</param>
/// <param name="Arms">One arm (a rate: the mean probability of its procedures), or two (a change: second over first, less one).</param>
public sealed record ReactionTarget(string Label, double Published, IReadOnlyList<IReadOnlyList<ReactionCovariates>> Arms)
{
    /// <summary>What the model with these coefficients predicts.</summary>
    public double Predict(double intercept, double perFall, double perDose)
    {
        double Rate(IReadOnlyList<ReactionCovariates> arm) => arm.Average(x => CitrateReactionRisk.Probability(x.RelativeFall, x.Female, x.DoseRate, intercept, perFall, perDose));
        return Arms.Count == 1 ? Rate(Arms[0]) : (Rate(Arms[1]) / Rate(Arms[0])) - 1;
    }
}

/// <summary>The fitted coefficients and how each target came out.</summary>
/// <param name="Intercept">a.</param>
/// <param name="PerFall">b, per unit relative fall.</param>
/// <param name="PerDoseRate">c, per mg/kg/min.</param>
/// <param name="Rows">Per target: label, published, fitted.</param>
public sealed record ReactionFitResult(double Intercept, double PerFall, double PerDoseRate, IReadOnlyList<(string Label, double Published, double Fitted)> Rows);

/// <summary>
/// Fits the citrate-reaction model (<see cref="CitrateReactionRisk"/>) with the full engine: the
/// procedures of the calibrating cases are simulated as their case files say (Ca4 and Ca5 at the
/// doses the studies gave: <c>"calciumMonitoring": "none"</c>), and a, b, c minimise the squared
/// relative deviations from the published figures. The runs do not depend on the coefficients (the typical patient's reaction is a
/// probability, not an event), so they are simulated once. Reproduce with
/// <c>leuka validate --calibrate citrate-reactions</c>; docs/model/citrate-calcium.md.
/// </summary>
public static class ReactionRiskFit
{
    /// <summary>The cases the model is fitted on.</summary>
    public static IReadOnlyList<string> Cases { get; } = ["Ca4", "Ca5"];

    /// <summary>The targets of the calibrating cases, from their simulated procedures.</summary>
    public static IReadOnlyList<ReactionTarget> Targets(IReadOnlyList<ValidationCase> cases, ValidationRunner runner)
    {
        ArgumentNullException.ThrowIfNull(cases);
        ArgumentNullException.ThrowIfNull(runner);
        var targets = new List<ReactionTarget>();
        foreach (var c in cases.Where(c => Cases.Contains(c.Id)))
        {
            foreach (var o in c.Outputs.Where(o => o.Metric == "ionizedCalcium.citrateReactionProbability" && o.NotRunnable is null && o.Value is not null))
            {
                var runs = runner.RunsFor(c, o).Select(r => ReactionCovariates.Of(r.Scenario, r.Result)).ToArray();
                var label = c.Id + " / " + o.Name;
                if (o.Vary is not null)
                {
                    if (runs.Length != 2)
                    {
                        throw new FormatException($"{label}: a change between arms needs exactly two values in \"vary\", {runs.Length} given");
                    }

                    // A change between the arms along the variation (each arm one procedure).
                    targets.Add(new ReactionTarget(label, o.Value!.Value / 100, [.. runs.Select(r => (IReadOnlyList<ReactionCovariates>)[r])]));
                }
                else
                {
                    targets.Add(new ReactionTarget(label, o.Value!.Value / o.Scale, [runs]));
                }
            }
        }

        return targets;
    }

    /// <summary>Least squares on the relative deviations, from a start (Nelder–Mead).</summary>
    public static ReactionFitResult Fit(IReadOnlyList<ReactionTarget> targets, double intercept = -6, double perFall = 10, double perDose = 0)
    {
        ArgumentNullException.ThrowIfNull(targets);
        if (targets.Count < 3)
        {
            throw new ArgumentException($"three coefficients need at least three targets; {targets.Count} given", nameof(targets));
        }

        // More citrate per minute cannot protect: the dose-rate slope is held at zero or above.
        static double Dose(double x) => Math.Max(0, x);
        double Loss(Vector<double> x) => targets.Sum(t =>
        {
            var d = (t.Predict(x[0], x[1], Dose(x[2])) - t.Published) / Math.Max(Math.Abs(t.Published), 0.01);
            return d * d;
        });

        var start = Vector<double>.Build.DenseOfArray([intercept, perFall, perDose]);
        var step = Vector<double>.Build.DenseOfArray([1, 5, 1]);
        var minimum = new NelderMeadSimplex(1e-12, 20000).FindMinimum(ObjectiveFunction.Value(Loss), start, step).MinimizingPoint;
        var rows = targets.Select(t => (t.Label, t.Published, t.Predict(minimum[0], minimum[1], Dose(minimum[2])))).ToArray();
        return new ReactionFitResult(minimum[0], minimum[1], Dose(minimum[2]), rows);
    }

    /// <summary>The result as a table.</summary>
    public static string Table(ReactionFitResult fit)
    {
        ArgumentNullException.ThrowIfNull(fit);
        var lines = new List<string>
        {
            string.Create(CultureInfo.InvariantCulture, $"logit p = {fit.Intercept:0.00} + {fit.PerFall:0.00}·fall + {fit.PerDoseRate:0.00}·(mg/kg/min) + ln({CitrateReactionRisk.FemaleOddsRatio})·female"),
            string.Create(CultureInfo.InvariantCulture, $"in the code now: {CitrateReactionRisk.Intercept:0.00}, {CitrateReactionRisk.SlopePerRelativeFall:0.00}, {CitrateReactionRisk.SlopePerDoseRate:0.00}"),
        };
        lines.AddRange(fit.Rows.Select(r => string.Create(CultureInfo.InvariantCulture, $"  {r.Label}: published {100 * r.Published:0.#} %, fitted {100 * r.Fitted:0.#} %")));
        return string.Join(Environment.NewLine, lines);
    }
}
