using System.Globalization;
using Leuka.Planning;
using Leuka.Procedure;
using Leuka.Quantities;
using Leuka.Scenarios;
using Leuka.Separation;

namespace Leuka.Cohorts;

/// <summary>What one patient like this one needs to reach the goal at the plan's settings.</summary>
/// <param name="Days">Procedures needed (<see cref="int.MaxValue"/>: not within the most days).</param>
/// <param name="Liters">Whole blood the last of them must process.</param>
public readonly record struct GoalNeed(int Days, double Liters) : IComparable<GoalNeed>
{
    /// <summary>Not reached within the most days allowed.</summary>
    public static GoalNeed Never { get; } = new(int.MaxValue, double.PositiveInfinity);

    /// <summary>Whether the goal is reached at all within the most days.</summary>
    public bool Reached => Days != int.MaxValue;

    /// <summary>Fewer days first, then less blood on the last day.</summary>
    public int CompareTo(GoalNeed other) => Days != other.Days ? Days.CompareTo(other.Days) : Liters.CompareTo(other.Liters);
}

/// <summary>A plan made to reach the goal in a stated share of patients like this one.</summary>
/// <param name="Typical">The planner's plan for the typical patient (random effects at their medians).</param>
/// <param name="Plan">The plan that reaches the goal with the probability asked; when none within the limits does, the typical patient's plan marked not feasible, with the reason.</param>
/// <param name="Probability">The share of patients asked to reach the goal, 0–1.</param>
/// <param name="Draws">Patients like this one simulated.</param>
/// <param name="Reached">The share of them who reach the goal with <paramref name="Plan"/> (with the most days at the limits when there is no plan).</param>
/// <param name="TypicalReached">The share who reach it with the typical patient's plan.</param>
/// <param name="Reason">The answer in words.</param>
public sealed record ConfidentPlan(Plan Typical, Plan Plan, double Probability, int Draws, double Reached, double TypicalReached, string Reason);

/// <summary>
/// Plans for a stated probability of reaching the goal (docs/cohorts.md § Planning for a probability).
/// The planner first makes its plan for the typical patient and keeps its settings (inlet, collect
/// flow, AC limit, calcium) day by day. Then each of <c>draws</c> patients like this one (random
/// effects from their priors, <see cref="PredictionIntervals.LikeThis"/>) goes through the days at
/// those settings: a day at the most one procedure may process while the goal is not met, the
/// next morning from its own follow-up, and on the day the goal is met the volume at which it is
/// met (the run with the target stop). Ordered by days, then litres, the needs give the plan at
/// the asked quantile: that many days, the last processing that many litres (rounded up to 10 mL).
/// A patient whose need is within it reaches the goal with it, because a day's outcome grows with
/// the volume processed; a test checks the share on patients not used to make the plan.
/// </summary>
public static class ConfidentPlanner
{
    /// <summary>The probabilities a plan may be asked for, in words.</summary>
    public const string ProbabilityHint = "give a percentage from 50% to 99%, e.g. 90%";

    /// <summary>Whether a probability (0–1) may be asked.</summary>
    public static bool Allowed(double probability) => double.IsFinite(probability) && probability >= 0.5 && probability <= 0.99;

    /// <summary>Reads a probability written with its unit ("90%" or "90 %"); null with the problem otherwise.</summary>
    public static (double? Value, string? Problem) Read(string text)
    {
        var t = (text ?? "").Trim();
        if (!t.EndsWith('%'))
        {
            return (null, $"'{QuantityParts.Shown(text)}' has no unit; {ProbabilityHint}");
        }

        if (!double.TryParse(t[..^1].Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var percent) || !double.IsFinite(percent))
        {
            return (null, $"'{QuantityParts.Shown(text)}' is not a number; {ProbabilityHint}");
        }

        return Allowed(percent / 100) ? (percent / 100, null) : (null, $"'{QuantityParts.Shown(text)}' is out of range; {ProbabilityHint}");
    }

    /// <summary>
    /// Why a scenario cannot be planned for a probability, or null: its stop must be a goal that can
    /// be missed, and its patient must not fix their own random effects (patients like a calibrated
    /// patient come from their calibration, not from the priors).
    /// </summary>
    public static string? Refusal(Scenario scenario)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        if (!scenario.Procedure.Stop.IsTarget())
        {
            return $"the scenario's stop ({ScenarioWords.Of(scenario.Procedure.Stop)}) is not a goal that can be missed; give procedure.stop a target (targetPostWbc, targetCd34Dose or targetCd3Yield)";
        }

        return scenario.Patient.Variation is null
            ? null
            : "the scenario fixes the patient's own random effects (patient.variation): patients like this one are drawn from the priors, so remove patient.variation to plan for them";
    }

    /// <summary>Plans <paramref name="first"/> so that <paramref name="probability"/> of patients like it reach its target stop.</summary>
    public static ConfidentPlan Make(Scenario first, PlanOptions options, double probability, int draws = PredictionIntervals.Draws, SeparatorCache? cache = null)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(options);
        if (!Allowed(probability))
        {
            throw new ArgumentOutOfRangeException(nameof(probability), probability, ProbabilityHint);
        }

        if (Refusal(first) is { } refusal)
        {
            throw new ArgumentException(refusal, nameof(first));
        }

        options = options.For(first);

        var planner = new Planner(cache);
        var typical = planner.Make(first, options);
        if (typical.Days.Count == 0)
        {
            return new ConfidentPlan(typical, typical with { Feasible = false }, probability, draws, 0, 0, typical.Reason);
        }

        var days = typical.Days.Select(d => d.Scenario).ToList();
        var (needs, runs) = Counted(first, days, options, draws, 0);
        var typicalNeed = new GoalNeed(typical.Days.Count, typical.Days[^1].Predicted.ProcessedVolumeL);
        var typicalReached = Share(needs, typicalNeed);
        var sorted = needs.Order().ToArray();
        var at = sorted[(int)Math.Ceiling(probability * draws) - 1];
        var goal = ScenarioWords.Of(first.Procedure.Stop);
        if (!at.Reached)
        {
            var within = needs.Count(n => n.Reached) / (double)draws;
            var reason = F($"no plan within {options.MaxDays} day{(options.MaxDays == 1 ? "" : "s")} of at most {options.MaxHours:0.#} h reaches the goal ({goal}) in {probability * 100:0} % of patients like this one: {within * 100:0} % reach it with every day at the limits");
            // What is shown is the typical patient's plan: its share is the one reported.
            var none = typical with { Feasible = false, Reason = reason, Simulations = typical.Simulations + runs, Probability = new GoalProbability(probability, draws, typicalReached, typicalReached) };
            return new ConfidentPlan(typical, none, probability, draws, within, typicalReached, reason);
        }

        var liters = Math.Ceiling(at.Liters * 100) / 100;
        var volumes = Enumerable.Repeat(double.PositiveInfinity, at.Days - 1).Append(liters).ToList();
        var reached = Share(needs, new GoalNeed(at.Days, liters));
        var why = F($"{reached * 100:0} % of {draws} patients like this one reach the goal with ") + (at.Days == 1
            ? F($"one procedure of {liters:0.00} L")
            : F($"{at.Days} daily procedures, the last of {liters:0.00} L")) + F($" (the typical patient's plan: {typicalReached * 100:0} %)");
        var settingsFindings = typical.Findings.Where(f => f.Code == Codes.AccessCatheter.Name || f.Code == Codes.Lever.Name);
        var plan = planner.AtVolumes(first, days, volumes, options, why, settingsFindings);

        // The calcium a day's settings carry was chosen by the typical plan, which said why; the
        // plan for the probability says it again unless it had to raise that day's calcium itself.
        var calcium = new[] { Codes.CalciumProphylaxis.Name, Codes.CalciumNadir.Name };
        var own = plan.Findings.Where(f => calcium.Contains(f.Code)).Select(f => f.Day).ToHashSet();
        var kept = typical.Findings.Where(f => calcium.Contains(f.Code) && f.Day <= plan.Days.Count && !own.Contains(f.Day));
        plan = plan with { Findings = [.. plan.Findings.Concat(kept).OrderBy(f => f.Day)] };
        plan = plan with { Probability = new GoalProbability(probability, draws, reached, typicalReached), Simulations = typical.Simulations + runs + plan.Simulations };
        return new ConfidentPlan(typical, plan, probability, draws, reached, typicalReached, why);
    }

    /// <summary>What each of <paramref name="draws"/> patients like <paramref name="first"/> (members <paramref name="firstMember"/> on) needs at the days' settings.</summary>
    public static GoalNeed[] Needs(Scenario first, IReadOnlyList<Scenario> days, PlanOptions options, int draws, long firstMember = 0) =>
        Counted(first, days, options, draws, firstMember).Needs;

    private static (GoalNeed[] Needs, int Runs) Counted(Scenario first, IReadOnlyList<Scenario> days, PlanOptions options, int draws, long firstMember)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(days);
        ArgumentNullException.ThrowIfNull(options);
        var response = new SeparatorResponse(SeparatorModel.Default, ResponseGrid.Default);
        var needs = new GoalNeed[draws];
        var runs = new int[draws];
        Parallel.For(0, draws, k => needs[k] = Need(PredictionIntervals.LikeThis(first, firstMember + k), days, options, CohortRunner.MemberCache(response), out runs[k]));
        return (needs, runs.Sum());
    }

    /// <summary>
    /// Whether each of <paramref name="draws"/> patients like <paramref name="first"/> (members
    /// <paramref name="firstMember"/> on: others than the plan's own draws) reaches the goal with a
    /// plan: each day at the plan's settings and volume, the next morning from that patient's own
    /// follow-up, until the goal is met or the plan's days end. An independent check of the plan.
    /// </summary>
    /// <param name="first">The scenario planned (its stop is the goal).</param>
    /// <param name="days">The plan's days (plan.json's day scenarios: settings and volume).</param>
    /// <param name="draws">Patients to check.</param>
    /// <param name="firstMember">The first member (seed) of them.</param>
    public static bool[] Reach(Scenario first, IReadOnlyList<Scenario> days, int draws, long firstMember)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(days);
        var response = new SeparatorResponse(SeparatorModel.Default, ResponseGrid.Default);
        var stop = first.Procedure.Stop;
        var reached = new bool[draws];
        Parallel.For(0, draws, k =>
        {
            var cache = CohortRunner.MemberCache(response);
            var day = PredictionIntervals.LikeThis(first with { Course = null }, firstMember + k);
            double cd34 = 0, cd3 = 0;
            CarriedPatient? carried = null;
            var d = 0;
            foreach (var planned in days)
            {
                d++;
                day = day with { Procedure = planned.Procedure };
                var engine = new ProcedureEngine(day, cache, carried: carried);
                var r = engine.RunToEnd();
                cd34 += r.Product.Cd34PerKgE6;
                cd3 += r.Product.Cd3E9;
                if (Planner.GoalMet(stop, r, cd34, cd3))
                {
                    reached[k] = true;
                    return;
                }

                // The next morning as a course reaches it: the patient carried, not restarted.
                (carried, day) = CourseRunner.NextMorning(engine, day, first.Course, d);
            }
        });
        return reached;
    }

    private static double Share(GoalNeed[] needs, GoalNeed plan) => needs.Count(n => n.CompareTo(plan) <= 0) / (double)needs.Length;

    // Day by day at the plan's settings: the most one procedure may process until the goal is met
    // that day, then the volume at which it is met.
    private static GoalNeed Need(Scenario patient, IReadOnlyList<Scenario> days, PlanOptions options, SeparatorCache cache, out int runs)
    {
        runs = 0;
        var stop = patient.Procedure.Stop;
        var options8h = EngineOptions.Default with { TargetTimeLimitMinutes = EngineOptions.Default.RunTimeLimitMinutes };
        double cd34 = 0, cd3 = 0;
        var day = patient with { Course = null };
        var between = patient.Course;
        CarriedPatient? carried = null;
        for (var d = 1; d <= options.MaxDays; d++)
        {
            day = day with { Procedure = days[Math.Min(d, days.Count) - 1].Procedure };
            var maxL = Planner.MaxLiters(day, options);
            var full = day with { Procedure = day.Procedure with { Stop = new ProcessedVolumeStop(Volume.FromLiters(Math.Round(maxL, 3))) } };
            var engine = new ProcedureEngine(full, cache, carried: carried);
            var r = engine.RunToEnd();
            runs++;
            if (Planner.GoalMet(stop, r, cd34 + r.Product.Cd34PerKgE6, cd3 + r.Product.Cd3E9))
            {
                // The same day with the rest of the goal as its stop: the volume at which it is met.
                StopCondition rest = stop switch
                {
                    TargetCd34DoseStop c => new TargetCd34DoseStop(DosePerBodyMass.FromE6PerKilogram(c.Dose.E6PerKilogram - cd34)),
                    TargetCd3YieldStop y => new TargetCd3YieldStop(CellCount.FromE9(y.Cells.E9 - cd3)),
                    _ => stop,
                };
                var target = new ProcedureEngine(day with { Procedure = day.Procedure with { Stop = rest } }, cache, options8h, carried: carried).RunToEnd();
                runs++;
                return new GoalNeed(d, Math.Min(target.ProcessedVolumeL, r.ProcessedVolumeL));
            }

            cd34 += r.Product.Cd34PerKgE6;
            cd3 += r.Product.Cd3E9;
            (carried, day) = CourseRunner.NextMorning(engine, full, between, d);
        }

        return GoalNeed.Never;
    }

    private static string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
