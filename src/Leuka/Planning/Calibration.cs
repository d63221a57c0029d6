using System.Collections.Immutable;
using MathNet.Numerics.LinearAlgebra;
using Leuka.Patients;
using Leuka.Procedure;
using Leuka.Quantities;
using Leuka.Scenarios;
using Leuka.Separation;

namespace Leuka.Planning;

/// <summary>A white count measured some time after a procedure ended.</summary>
/// <param name="AfterEnd">Time from the procedure's end to the sample.</param>
/// <param name="Wbc">The count.</param>
public sealed record FollowUpCount(Duration AfterEnd, CellConcentration Wbc);

/// <summary>What was measured in a procedure's product (null: not measured).</summary>
/// <param name="WbcE9">White cells, ×10^9.</param>
/// <param name="Cd3E9">CD3+ cells, ×10^9.</param>
/// <param name="Cd34E6">CD34+ cells, ×10^6.</param>
public sealed record ProductCounts(double? WbcE9, double? Cd3E9, double? Cd34E6);

/// <summary>
/// A procedure as it was done (its scenario: the patient before it, the settings and what was
/// processed), the white counts measured after it and what its product held.
/// </summary>
public sealed record ObservedProcedure(Scenario Scenario, IReadOnlyList<FollowUpCount> Counts, ProductCounts? Product = null)
{
    /// <summary>Number of measured values.</summary>
    public int Observations => Counts.Count + (Product is { } p ? new[] { p.WbcE9, p.Cd3E9, p.Cd34E6 }.Count(x => x is > 0) : 0);
}

/// <summary>One parameter's prior and posterior: medians and central 95 % intervals.</summary>
public sealed record ParameterPosterior(string Name, string Acts, double PriorMedian, double PriorLow, double PriorHigh, double Median, double Low, double High)
{
    /// <summary>Posterior interval width over the prior's, on the log scale (1: nothing learnt).</summary>
    public double Narrowing => Math.Log(High / Low) / Math.Log(PriorHigh / PriorLow);
}

/// <summary>A prediction: median and central interval of the post-procedure WBC.</summary>
public sealed record WbcPrediction(double MedianE9PerL, double LowE9PerL, double HighE9PerL, double Coverage);

/// <summary>
/// A patient's own variation parameters, from the procedures recorded for them and the counts
/// measured afterwards: Bayesian updating of the priors of <see cref="PatientVariation"/>
/// (docs/model/variation.md) by importance sampling. Prior draws are simulated through every
/// observed procedure and its follow-up; each is weighted by the likelihood of the measured
/// counts under a log-normal measurement error. Deterministic for a seed.
/// Docs: docs/records.md (calibration).
/// </summary>
public static class PatientCalibration
{
    /// <summary>
    /// SD of ln(measured / true) for one white count: within-subject variation from hour to hour
    /// (CV 9.4 %, Statland, Am J Clin Pathol 1978;69:48) with analytical imprecision (about 2 %,
    /// Sysmex XN): √(9.4² + 2²) ≈ 9.6 %, taken as 0.10.
    /// </summary>
    public const double CountLogSd = 0.10;

    /// <summary>
    /// SD of ln(measured / true) for a product's cell content: a product count is one sample of a
    /// mixed bag, counted with the same analysers; CD34+ counting varies more (intra-site CV 7–21 %,
    /// Dzik, Transfusion 1999;39:856). 0.12 for every product count: an assumption between the two.
    /// </summary>
    public const double ProductLogSd = 0.12;

    /// <summary>Central interval reported for each parameter and prediction.</summary>
    public const double Coverage = 0.95;

    /// <summary>Fits the patient's variation parameters to <paramref name="observed"/>.</summary>
    public static CalibrationResult Fit(IReadOnlyList<ObservedProcedure> observed, int draws = 300, int seed = 1, SeparatorCache? cache = null)
    {
        ArgumentNullException.ThrowIfNull(observed);
        ArgumentOutOfRangeException.ThrowIfLessThan(draws, 20);
        var random = PatientVariation.GeneratorFor(seed);
        var n = PatientVariation.Priors.Length;
        double LogLikelihood(double[] z) => observed.Sum(o => LogLikelihoodOf(o, FromStandard(z), cache));

        // Two stages, so that a sharp posterior is not left to a handful of prior draws: half the
        // draws from the prior; then half from a Gaussian fitted to them (covariance doubled),
        // mixed with the prior for safety. Every draw is weighted by prior × likelihood over the
        // density of the whole design (multiple importance sampling, balance heuristic).
        var first = draws / 2;
        var z = new List<double[]>(draws);
        var logL = new List<double>(draws);
        for (var k = 0; k < first; k++)
        {
            z.Add(StandardNormal(random, n));
            logL.Add(LogLikelihood(z[k]));
        }

        var stageOne = Normalised(logL.ToArray());
        var mean = Vector<double>.Build.Dense(n, j => Enumerable.Range(0, first).Sum(k => stageOne[k] * z[k][j]));
        var cov = Matrix<double>.Build.Dense(n, n, (a, b) => (2 * Enumerable.Range(0, first).Sum(k => stageOne[k] * (z[k][a] - mean[a]) * (z[k][b] - mean[b]))) + (a == b ? 0.01 : 0));
        var cholesky = cov.Cholesky();
        var logDetCov = cholesky.DeterminantLn;
        var inverse = cov.Inverse();
        const double PriorShare = 0.3;
        for (var k = first; k < draws; k++)
        {
            var e = StandardNormal(random, n);
            var x = random.NextDouble() < PriorShare ? e : (mean + (cholesky.Factor * Vector<double>.Build.DenseOfArray(e))).ToArray();
            z.Add(x);
            logL.Add(LogLikelihood(x));
        }

        double LogPrior(double[] x) => -0.5 * x.Sum(v => v * v);
        double LogFitted(double[] x)
        {
            var d = Vector<double>.Build.DenseOfArray(x) - mean;
            return (-0.5 * (d * inverse * d)) - (0.5 * logDetCov);
        }

        var share = (double)first / draws;
        var logW = z.Select((x, k) =>
        {
            var prior = LogPrior(x);
            // ln(a·e^p + b·e^f) in log-sum-exp form: no underflow far in the tails.
            var (a, b) = (share + ((1 - share) * PriorShare), (1 - share) * (1 - PriorShare));
            var fitted = LogFitted(x);
            var top = Math.Max(prior, fitted);
            var design = top + Math.Log((a * Math.Exp(prior - top)) + (b * Math.Exp(fitted - top)));
            return prior + logL[k] - design;
        }).ToArray();
        return new CalibrationResult([.. z.Select(FromStandard)], [.. Normalised(logW)], observed.Sum(o => o.Observations));
    }

    private static double LogLikelihoodOf(ObservedProcedure o, PatientVariation v, SeparatorCache? cache)
    {
        var (wbc, product) = Simulate(o.Scenario, v, o.Counts.Select(c => c.AfterEnd).ToList(), cache);
        var sum = 0.0;
        for (var i = 0; i < o.Counts.Count; i++)
        {
            sum += LogNormal(o.Counts[i].Wbc.E9PerLiter, wbc[i], CountLogSd);
        }

        if (o.Product is { } p)
        {
            sum += LogNormal(p.WbcE9, product.WbcE9, ProductLogSd) + LogNormal(p.Cd3E9, product.Cd3E9, ProductLogSd) + LogNormal(p.Cd34E6, product.Cd34E6, ProductLogSd);
        }

        return sum;
    }

    // Standard-normal coordinates z_j = ln(m_j) / ln(g_j) of the multipliers.
    private static PatientVariation FromStandard(double[] z) =>
        PatientVariation.From(z.Select((v, j) => PatientVariation.Priors[j].Clamp(Math.Exp(v * Math.Log(PatientVariation.Priors[j].GeometricSd)))).ToArray());

    private static double[] StandardNormal(Random random, int n) => Enumerable.Range(0, n).Select(_ =>
    {
        var u1 = 1 - random.NextDouble();
        var u2 = random.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }).ToArray();

    private static double[] Normalised(double[] logW)
    {
        var max = logW.Max();
        var w = logW.Select(l => Math.Exp(l - max)).ToArray();
        var sum = w.Sum();
        return w.Select(x => x / sum).ToArray();
    }

    /// <summary>The WBC (×10^9/L) at each time after the end of <paramref name="scenario"/> for a patient who varies as <paramref name="variation"/>.</summary>
    public static double[] Predict(Scenario scenario, PatientVariation variation, IReadOnlyList<Duration> afterEnd, SeparatorCache? cache = null) =>
        Simulate(scenario, variation, afterEnd, cache).Wbc;

    /// <summary>The WBC at each time after the end, and the product.</summary>
    public static (double[] Wbc, ProductSummary Product) Simulate(Scenario scenario, PatientVariation variation, IReadOnlyList<Duration> afterEnd, SeparatorCache? cache = null)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(afterEnd);
        var engine = new ProcedureEngine(WithVariation(scenario, variation), cache);
        var result = engine.RunToEnd();
        return (afterEnd.Select(t => t <= Duration.Zero ? result.Wbc.Post : engine.After(t, Fraction.Zero).Counts.Wbc.E9PerLiter).ToArray(), result.Product);
    }

    // ln of the log-normal likelihood, up to a constant; nothing when not measured.
    private static double LogNormal(double? measured, double predicted, double sd)
    {
        if (measured is not > 0)
        {
            return 0;
        }

        var r = (Math.Log(measured.Value) - Math.Log(Math.Max(predicted, 1e-9))) / sd;
        return -0.5 * r * r;
    }

    /// <summary>The post-procedure WBC of <paramref name="next"/> across patients drawn from <paramref name="belief"/> (the prior when null).</summary>
    public static WbcPrediction PredictWbcAfter(Scenario next, CalibrationResult? belief, int members = 40, int seed = 1, SeparatorCache? cache = null)
    {
        ArgumentNullException.ThrowIfNull(next);
        var random = PatientVariation.GeneratorFor(seed + 7);
        var patients = belief is null
            ? Enumerable.Range(0, members).Select(_ => PatientVariation.Draw(random) with { CitrateTolerance = null }).ToList()
            : belief.Resample(members);
        var wbc = patients.Select(v => Predict(next, v, [Duration.Zero], cache)[0]).ToArray();
        var equal = Enumerable.Repeat(1.0 / wbc.Length, wbc.Length).ToArray();
        var (lo, hi) = ((1 - Coverage) / 2, 1 - ((1 - Coverage) / 2));
        return new WbcPrediction(Quantile(wbc, equal, 0.5), Quantile(wbc, equal, lo), Quantile(wbc, equal, hi), Coverage);
    }

    /// <summary>The scenario with the patient's variation replaced.</summary>
    public static Scenario WithVariation(Scenario scenario, PatientVariation variation)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        return scenario with { Patient = scenario.Patient with { Variation = variation } };
    }

    /// <summary>The weighted quantile <paramref name="p"/> of <paramref name="values"/> (linear between the cumulative weights' midpoints).</summary>
    public static double Quantile(IReadOnlyList<double> values, IReadOnlyList<double> weights, double p)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(weights);
        var order = Enumerable.Range(0, values.Count).OrderBy(i => values[i]).ToArray();
        var cumulative = 0.0;
        var previous = (At: 0.0, Value: values[order[0]]);
        foreach (var i in order)
        {
            var at = cumulative + (weights[i] / 2);
            if (at >= p)
            {
                return at - previous.At < 1e-15 || previous.At >= p ? values[i] : previous.Value + ((values[i] - previous.Value) * (p - previous.At) / (at - previous.At));
            }

            cumulative += weights[i];
            previous = (at, values[i]);
        }

        return previous.Value;
    }
}

/// <summary>The weighted prior draws that make up a patient's posterior.</summary>
/// <param name="Samples">Prior draws.</param>
/// <param name="Weights">Normalised importance weights.</param>
/// <param name="Observations">Counts fitted to.</param>
public sealed record CalibrationResult(ImmutableArray<PatientVariation> Samples, ImmutableArray<double> Weights, int Observations)
{
    /// <summary>Kish's effective sample size, 1/Σw²: how many equally weighted draws the posterior is worth.</summary>
    public double EffectiveSampleSize => 1 / Weights.Sum(w => w * w);

    /// <summary>Each parameter's prior and posterior.</summary>
    public IReadOnlyList<ParameterPosterior> Parameters => PatientVariation.Priors.Select((prior, j) =>
    {
        var values = Samples.Select(s => s.Values[j]).ToArray();
        var equal = Enumerable.Repeat(1.0 / values.Length, values.Length).ToArray();
        var (lo, hi) = ((1 - PatientCalibration.Coverage) / 2, 1 - ((1 - PatientCalibration.Coverage) / 2));
        var z = 1.959964 * Math.Log(prior.GeometricSd);
        return new ParameterPosterior(prior.Name, prior.Acts, 1, Math.Exp(-z), Math.Exp(z),
            PatientCalibration.Quantile(values, Weights, 0.5), PatientCalibration.Quantile(values, Weights, lo), PatientCalibration.Quantile(values, Weights, hi));
    }).ToList();

    /// <summary>The posterior medians, as one patient's variation.</summary>
    public PatientVariation Median => PatientVariation.From(Parameters.Select(p => p.Median).ToArray());

    /// <summary><paramref name="count"/> draws from the posterior by systematic resampling (deterministic).</summary>
    public IReadOnlyList<PatientVariation> Resample(int count)
    {
        var result = new List<PatientVariation>(count);
        var cumulative = 0.0;
        var i = 0;
        for (var m = 0; m < count; m++)
        {
            var u = (m + 0.5) / count;
            while (i < Samples.Length - 1 && cumulative + Weights[i] < u)
            {
                cumulative += Weights[i];
                i++;
            }

            result.Add(Samples[i]);
        }

        return result;
    }
}
