using System.Globalization;
using Leuka.Formats;
using Leuka.Planning;
using Leuka.Patients;
using Leuka.Procedure;
using Leuka.Quantities;
using Leuka.Scenarios;
using Leuka.Separation;

namespace Leuka.Validation;

/// <summary>Agreement bands (Pulse-style): green within 10 % or the correct trend, yellow within 30 %, red otherwise.</summary>
public enum Band
{
    /// <summary>Within 10 %, or the correct trend.</summary>
    Green,

    /// <summary>Within 30 %.</summary>
    Yellow,

    /// <summary>Otherwise.</summary>
    Red,

    /// <summary>The simulator cannot express the case's inputs yet.</summary>
    NotRunnable,
}

/// <summary>One compared output.</summary>
/// <param name="CaseId">Case.</param>
/// <param name="Output">Output name.</param>
/// <param name="Published">Published figure.</param>
/// <param name="Simulated">Simulated figure.</param>
/// <param name="Deviation">Relative deviation or the trend verdict.</param>
/// <param name="Band">Band.</param>
/// <param name="Note">Calibration, cohort or missing-capability note.</param>
public sealed record ValidationRow(string CaseId, string Output, string Published, string Simulated, string Deviation, Band Band, string Note)
{
    /// <summary>Stable key for the ratchet baseline.</summary>
    public string Key => CaseId + " / " + Output;
}

/// <summary>How much an output moves when an assumed input moves across its plausible range.</summary>
/// <param name="CaseId">Case.</param>
/// <param name="Input">Assumed input (path).</param>
/// <param name="Range">Low – high.</param>
/// <param name="Output">Output.</param>
/// <param name="AtLow">Output at the low end.</param>
/// <param name="AtBase">Output at the chosen value.</param>
/// <param name="AtHigh">Output at the high end.</param>
public sealed record SensitivityRow(string CaseId, string Input, string Range, string Output, double AtLow, double AtBase, double AtHigh);

/// <summary>A whole validation run.</summary>
/// <param name="Rows">Every compared output.</param>
/// <param name="Sensitivity">Sensitivity to the assumed inputs.</param>
/// <param name="Simulations">Number of simulations run.</param>
public sealed record ValidationReport(IReadOnlyList<ValidationRow> Rows, IReadOnlyList<SensitivityRow> Sensitivity, int Simulations)
{
    /// <summary>Rows in a band.</summary>
    public int Count(Band band) => Rows.Count(r => r.Band == band);

    /// <summary>The totals line, e.g. "31 green, 4 yellow, 1 red, 2 not runnable".</summary>
    public string Totals => string.Create(CultureInfo.InvariantCulture, $"{Count(Band.Green)} green, {Count(Band.Yellow)} yellow, {Count(Band.Red)} red, {Count(Band.NotRunnable)} not runnable");
}

/// <summary>
/// Runs published cases through the simulator. The representative patient, trends and the
/// sensitivity analysis use the default separator; virtual cohorts use a 30-cell channel whose
/// states are interpolated on the response grid (collected shares within a median 0.044 of the
/// default's full solve, as the 30-cell channel solved in full is: SeparatorResponseTests), so that
/// 200 patients per case stay affordable.
/// </summary>
public sealed partial class ValidationRunner
{
    private readonly SeparatorCache _precise;
    private readonly SeparatorCache _fast;
    private int _simulations;

    /// <summary>A runner with its own caches.</summary>
    public ValidationRunner()
    {
        _precise = new SeparatorCache(SeparatorModel.Default);
        _fast = new SeparatorCache(SeparatorModel.Default with { Geometry = SeparatorModel.DefaultGeometry with { Cells = 30 } }, 0.05, ResponseGrid.Default);
    }

    /// <summary>
    /// Runs every case. <paramref name="cohortSize"/> overrides each cohort's size (null: as in the
    /// case); <paramref name="sensitivity"/> false leaves out the sensitivity analysis, which sets no
    /// band (the ratchet needs only the bands).
    /// </summary>
    public ValidationReport Run(IReadOnlyList<ValidationCase> cases, int? cohortSize = null, Action<ValidationCase>? caseDone = null, bool sensitivity = true)
    {
        ArgumentNullException.ThrowIfNull(cases);
        // Cases run side by side (the caches answer with the quantized point whoever asks first,
        // so the result does not depend on the order); rows are reported in case order.
        var rows = new List<ValidationRow>[cases.Count];
        var sensitivityRows = new List<SensitivityRow>[cases.Count];
        Parallel.For(0, cases.Count, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, Environment.ProcessorCount) }, i =>
        {
            rows[i] = [];
            sensitivityRows[i] = [];
            RunCase(cases[i], cohortSize, rows[i], sensitivity ? sensitivityRows[i] : null);
            caseDone?.Invoke(cases[i]);
        });

        return new ValidationReport([.. rows.SelectMany(r => r)], [.. sensitivityRows.SelectMany(r => r)], _simulations);
    }

    /// <summary>
    /// The runs one output of a case is computed from, with their scenarios: the cohort's members
    /// (fromCohort), the runs along its variation (vary), or the representative patient. For fitting
    /// a model on a case with the full engine (<see cref="ReactionRiskFit"/>).
    /// </summary>
    public IReadOnlyList<(Scenario Scenario, ProcedureResult Result)> RunsFor(ValidationCase c, ExpectedOutput o, int? cohortSize = null)
    {
        ArgumentNullException.ThrowIfNull(c);
        ArgumentNullException.ThrowIfNull(o);
        if (c.Scenario is null || c.NotRunnable is not null || o.NotRunnable is not null)
        {
            return [];
        }

        var scenario = c.Scenario;
        foreach (var edit in o.Set ?? [])
        {
            scenario = edit.Apply(scenario);
        }

        if (o.Vary is { } vary)
        {
            return [.. vary.Values.Select(v => v.Apply(scenario)).Select(s => (s, Simulate(s, _precise).Result))];
        }

        if (o.FromCohort && c.Cohort is { } spec)
        {
            var members = Members(scenario, spec, cohortSize ?? spec.Size);
            var results = new ProcedureResult[members.Length];
            Parallel.For(0, members.Length, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, Environment.ProcessorCount) }, k => results[k] = Simulate(members[k], _fast).Result);
            return [.. members.Zip(results)];
        }

        return [(scenario, Simulate(scenario, _precise).Result)];
    }

    private void RunCase(ValidationCase c, int? cohortSize, List<ValidationRow> rows, List<SensitivityRow>? sensitivity)
    {
        var note = c.Calibrates.Count > 0 ? "calibrated here: " + string.Join("; ", c.Calibrates) : "";
        if (c.NotRunnable is not null || c.Scenario is null)
        {
            foreach (var o in c.Outputs)
            {
                rows.Add(new ValidationRow(c.Id, o.Name, o.Published, "–", "–", Band.NotRunnable, c.NotRunnable ?? "no scenario"));
            }

            return;
        }

        // One run per distinct scenario: a trend's values often repeat another output's (C2, C14, TL5).
        var byScenario = new Dictionary<string, Outcome>(StringComparer.Ordinal);
        Outcome Precise(Scenario s) => Memo(byScenario, ScenarioWriter.Write(s), () => Simulate(s, _precise));

        var baseRun = Precise(c.Scenario);
        var runs = new Dictionary<string, Outcome>(StringComparer.Ordinal) { [""] = baseRun };
        var cohorts = new Dictionary<string, Outcome[]>(StringComparer.Ordinal);
        foreach (var o in c.Outputs)
        {
            if (o.NotRunnable is not null)
            {
                rows.Add(new ValidationRow(c.Id, o.Name, o.Published, "–", "–", Band.NotRunnable, o.NotRunnable));
                continue;
            }

            // Inputs changed for this output only.
            var key = string.Join("; ", o.Set ?? []) + (o.Course > 1 ? "/course " + o.Course.ToString(CultureInfo.InvariantCulture) : "");
            var scenario = c.Scenario;
            foreach (var edit in o.Set ?? [])
            {
                scenario = edit.Apply(scenario);
            }

            if (!runs.TryGetValue(key, out var representative))
            {
                representative = runs[key] = o.Course > 1 ? Course(scenario, o.Course) : Precise(scenario);
            }

            if (o.Vary is { } vary)
            {
                var values = vary.Values.Select(v => Metric(o, Precise(v.Apply(scenario)))).ToArray();
                rows.Add(o.Trend is null ? ChangeRow(c, o, values, vary, note) : TrendRow(c, o, values, vary, note));
                continue;
            }

            if (o.FromCohort && c.Cohort is { } spec)
            {
                if (!cohorts.TryGetValue(key, out var cohort))
                {
                    cohort = cohorts[key] = RunCohort(scenario, spec, cohortSize ?? spec.Size);
                }

                var values = cohort.Select(r => Metric(o, r)).Where(double.IsFinite).Order().ToArray();
                var centre = o.Centre == "median" ? Median(values) : values.Average();
                var sd = Sd(values);
                var cohortNote = Join(note, string.Create(CultureInfo.InvariantCulture, $"cohort of {values.Length} ({o.Centre}; range {values[0]:0.#}–{values[^1]:0.#}; representative patient {Metric(o, representative):0.#})"));
                rows.Add(ValueRow(c, o.Name, o, centre, cohortNote));
                if (o.Sd is { } publishedSd)
                {
                    var dev = (sd - publishedSd) / publishedSd;
                    rows.Add(new ValidationRow(c.Id, o.Name + " (spread, SD)", F($"{publishedSd:0.#}{o.Unit}"), F($"{sd:0.#}{o.Unit}"), Percent(dev), BandOf(dev), cohortNote));
                }

                continue;
            }

            var value = Metric(o, representative);
            rows.Add(o.Trend is "below" or "above" ? ThresholdRow(c, o, value, note) : ValueRow(c, o.Name, o, value, note));
        }

        // Sensitivity: each assumed input at the ends of its range, on the representative patient;
        // an output over a course runs the course at both ends.
        foreach (var a in sensitivity is null ? [] : c.Assumed)
        {
            var ends = new Dictionary<int, (Outcome Low, Outcome Base, Outcome High)>();
            foreach (var o in c.Outputs.Where(o => o.NotRunnable is null && o.Vary is null && o.Set is null))
            {
                if (!ends.TryGetValue(o.Course, out var run))
                {
                    Outcome Run(Scenario s) => o.Course > 1 ? Course(s, o.Course) : Simulate(s, _precise);
                    run = ends[o.Course] = (Run(a.Low.Apply(c.Scenario)), o.Course > 1 ? runs["/course " + o.Course.ToString(CultureInfo.InvariantCulture)] : baseRun, Run(a.High.Apply(c.Scenario)));
                }

                sensitivity!.Add(new SensitivityRow(c.Id, a.Path, $"{a.Low.Text} – {a.High.Text}", o.Name, Metric(o, run.Low), Metric(o, run.Base), Metric(o, run.High)));
            }
        }
    }

    private static Outcome Memo(Dictionary<string, Outcome> memo, string key, Func<Outcome> make) =>
        memo.TryGetValue(key, out var known) ? known : memo[key] = make();

    private Outcome[] RunCohort(Scenario scenario, CohortSpec spec, int size)
    {
        var members = Members(scenario, spec, size);
        var results = new Outcome[size];
        Parallel.For(0, size, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, Environment.ProcessorCount) }, k => results[k] = Simulate(members[k], _fast));
        return results;
    }

    private static Scenario[] Members(Scenario scenario, CohortSpec spec, int size)
    {
        // Draw every member first (sequential, seeded), then simulate in parallel: the cache answers
        // with the quantized point whatever the order, so the result is deterministic.
        var random = new Random(spec.Seed);
        var members = new Scenario[size];
        var totalWeight = spec.Choose.Sum(x => x.Weight);
        for (var k = 0; k < size; k++)
        {
            var member = scenario;
            if (spec.Choose.Count > 0)
            {
                var pick = random.NextDouble() * totalWeight;
                var choice = spec.Choose.First(x => (pick -= x.Weight) < 0 || x == spec.Choose[^1]);
                foreach (var edit in choice.Set)
                {
                    member = edit.Apply(member);
                }
            }

            foreach (var v in spec.Vary)
            {
                member = v.Value(random.NextDouble()).Apply(member);
            }

            // Each member differs from the typical patient by its own random effects, drawn from
            // its seed's generator (apart from the inputs' draws): docs/model/variation.md. The
            // citrate tolerance is left out: a reaction rate is then the mean of each member's
            // probability, the tolerance integrated out exactly rather than drawn once per member
            // (which would add binomial noise, and treat the members who react, biasing the rate).
            var seed = spec.Seed + k;
            var drawn = PatientVariation.Draw(PatientVariation.GeneratorFor(seed)) with { CitrateTolerance = null };
            members[k] = member with { Seed = seed, Patient = member.Patient with { Variation = drawn } };
        }

        return members;
    }

    // Consecutive daily procedures run as a course (the patient carried from day to day through
    // the follow-up model, docs/model/courses.md). The outcome is the last day's, with course.*
    // figures over the whole course.
    private Outcome Course(Scenario scenario, int days)
    {
        var run = CourseRunner.Run(scenario with { Course = scenario.Course is { } c ? c with { Days = days } : new CourseSettings(days, Fraction.Zero) }, _precise);
        Interlocked.Add(ref _simulations, days);
        var last = run.Days[^1];
        var course = new CourseFigures(run.WbcReductionPercent, run.LymphocyteReductionPercent, run.PlateletReductionPercent);
        return new Outcome(last.Result, last.Rows, course);
    }

    private Outcome Simulate(Scenario scenario, SeparatorCache cache)
    {
        var engine = new ProcedureEngine(scenario, cache);
        var result = engine.RunToEnd();
        Interlocked.Increment(ref _simulations);
        return new Outcome(result, engine.Rows, null);
    }

    private static ValidationRow ValueRow(ValidationCase c, string name, ExpectedOutput o, double simulated, string note)
    {
        var published = o.Value ?? throw new FormatException($"{c.Id}: output \"{o.Name}\" has no value to compare");
        var dev = (simulated - published) / Math.Abs(published);
        return new ValidationRow(c.Id, name, o.Published, F($"{simulated:0.##}{o.Unit}"), Percent(dev), BandOf(dev), note);
    }

    private static ValidationRow ThresholdRow(ValidationCase c, ExpectedOutput o, double simulated, string note)
    {
        var limit = o.Value ?? 0;
        var ok = o.Trend == "below" ? simulated < limit : simulated > limit;
        return new ValidationRow(c.Id, o.Name, o.Published, F($"{simulated:0.##}{o.Unit}"), ok ? F($"{o.Trend} {limit:0.##}: yes") : F($"{o.Trend} {limit:0.##}: no"), ok ? Band.Green : Band.Red, note);
    }

    // A published relative change between two settings (e.g. reactions −65 % with prophylaxis).
    private static ValidationRow ChangeRow(ValidationCase c, ExpectedOutput o, double[] values, TrendVariation vary, string note)
    {
        var change = values[0] != 0 ? 100 * (values[^1] - values[0]) / Math.Abs(values[0]) : double.NaN;
        var published = o.Value ?? throw new FormatException($"{c.Id}: output \"{o.Name}\" has neither a trend nor a value");
        var dev = (change - published) / Math.Abs(published);
        var shown = F($"{change:+0.#;-0.#} % ({string.Join(" → ", values.Select(v => F($"{v:0.##}")))})");
        return new ValidationRow(c.Id, o.Name, o.Published, shown, Percent(dev), BandOf(dev), Join(note, $"{vary.Path} = {string.Join(", ", vary.Values.Select(v => v.Text))}"));
    }

    private static ValidationRow TrendRow(ValidationCase c, ExpectedOutput o, double[] values, TrendVariation vary, string note)
    {
        var shown = string.Join(" → ", values.Select(v => F($"{v:0.##}")));
        var inputs = string.Join(", ", vary.Values.Select(v => v.Text));
        bool ok;
        string verdict;
        switch (o.Trend)
        {
            case "increasing":
            case "decreasing":
                var sign = o.Trend == "increasing" ? 1 : -1;
                ok = values.Zip(values.Skip(1)).All(p => sign * (p.Second - p.First) > 0);
                verdict = ok ? $"{o.Trend}: correct" : $"not {o.Trend}";
                break;
            case "flat":
                // No dependence: the outputs across the inputs stay within the published spread
                // between the source's own groups (value, in the output's unit).
                var span = values.Max() - values.Min();
                var within = o.Value ?? throw new FormatException($"{c.Id}: output \"{o.Name}\" is a flat trend without its value (the spread allowed)");
                ok = span <= within;
                verdict = F($"spread {span:0.##} within {within:0.##}: {(ok ? "yes" : "no")}");
                break;
            case "linear":
                var xs = Enumerable.Range(0, values.Length).Select(i => (double)i).ToArray();
                var r = Correlation(xs, values);
                ok = r >= (o.Value ?? 0.9) && values[^1] > values[0];
                verdict = F($"r = {r:0.000}");
                break;
            default:
                throw new FormatException($"{c.Id}: unknown trend {o.Trend}");
        }

        return new ValidationRow(c.Id, o.Name, o.Published, shown, verdict, ok ? Band.Green : Band.Red, Join(note, $"{vary.Path} = {inputs}"));
    }

    private static Band BandOf(double deviation) => Math.Abs(deviation) switch
    {
        <= 0.10 => Band.Green,
        <= 0.30 => Band.Yellow,
        _ => Band.Red,
    };

    private static double Median(double[] sorted) => sorted.Length == 0 ? double.NaN : sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;

    private static double Sd(double[] values)
    {
        if (values.Length < 2)
        {
            return 0;
        }

        var mean = values.Average();
        return Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Length - 1));
    }

    private static double Correlation(double[] x, double[] y)
    {
        var mx = x.Average();
        var my = y.Average();
        var sxy = x.Zip(y).Sum(p => (p.First - mx) * (p.Second - my));
        var sxx = x.Sum(v => (v - mx) * (v - mx));
        var syy = y.Sum(v => (v - my) * (v - my));
        return sxx > 0 && syy > 0 ? sxy / Math.Sqrt(sxx * syy) : 0;
    }

    // Rounded first: a small negative deviation printed "-+0%" through the format's negative section.
    internal static string Percent(double deviation)
    {
        var percent = Math.Round(deviation * 100, MidpointRounding.AwayFromZero);
        return F($"{(percent == 0 ? 0 : percent):+0;-0;0}%");
    }

    private static double Number(string text) => double.Parse(text, CultureInfo.InvariantCulture);

    private static string Join(string a, string b) => a.Length == 0 ? b : b.Length == 0 ? a : a + "; " + b;

    private static string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);

    private sealed record Outcome(ProcedureResult Result, IReadOnlyList<TimeSeriesRow> Rows, CourseFigures? Course);

    private sealed record CourseFigures(double WbcReductionPercent, double LymphocyteReductionPercent, double PlateletReductionPercent);
}
