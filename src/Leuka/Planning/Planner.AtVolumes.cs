using Leuka.Procedure;
using Leuka.Scenarios;

namespace Leuka.Planning;

/// <summary>A plan at volumes chosen elsewhere (a plan for a probability of reaching the goal).</summary>
public sealed partial class Planner
{
    /// <summary>
    /// Whether a day's run meets a target stop: the white count after it, or the CD34+ dose or CD3+
    /// yield collected so far (<paramref name="cd34SoFar"/>, <paramref name="cd3SoFar"/>, this day's
    /// included). Any other stop is met by running.
    /// </summary>
    public static bool GoalMet(StopCondition stop, ProcedureResult result, double cd34SoFar, double cd3SoFar)
    {
        ArgumentNullException.ThrowIfNull(result);
        return stop switch
        {
            TargetPostWbcStop w => result.Wbc.Post <= w.Wbc.E9PerLiter,
            TargetCd34DoseStop c => cd34SoFar >= c.Dose.E6PerKilogram,
            TargetCd3YieldStop y => cd3SoFar >= y.Cells.E9,
            _ => true,
        };
    }

    /// <summary>
    /// A plan at given volumes: day <c>d</c> processes <paramref name="liters"/>[d − 1] (infinity:
    /// the most one procedure may process) at the settings of <paramref name="days"/>' day (its
    /// last for later days), with the calcium ladder, the safety findings and the next morning from
    /// the follow-up, as <see cref="Make"/> does for the volumes it finds itself. A volume beyond
    /// what the day may process is planned at the limit, with a finding; a plan whose own
    /// prediction misses the goal is not feasible. <paramref name="carried"/>: findings about the
    /// settings (access, levers) from the plan the settings came from.
    /// </summary>
    public Plan AtVolumes(Scenario first, IReadOnlyList<Scenario> days, IReadOnlyList<double> liters, PlanOptions options, string reason, IEnumerable<Finding>? carried = null)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(days);
        ArgumentNullException.ThrowIfNull(liters);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfZero(days.Count);
        ArgumentOutOfRangeException.ThrowIfZero(liters.Count);
        _simulations = 0;
        _carried = null;
        _engines.Clear();
        _between = first.Course;
        var stop = first.Procedure.Stop;
        var findings = new List<Finding>(carried ?? []);
        var planned = new List<PlannedDay>();
        var day = first with { Course = null, Procedure = days[0].Procedure };
        double cd34 = 0, cd3 = 0;
        var met = false;
        for (var d = 1; d <= liters.Count && !met; d++)
        {
            day = day with { Procedure = days[Math.Min(d, days.Count) - 1].Procedure };
            var most = MaxLiters(day, options);
            if (double.IsFinite(liters[d - 1]) && liters[d - 1] > most + 0.005)
            {
                findings.Add(new Finding(Codes.ProcedureLimit.Name, FindingSeverity.Caution,
                    F($"day {d} would need {liters[d - 1]:0.00} L, more than this day may process ({most:0.00} L at its achievable flow, {options.MaxHours:0.#} h, at most {options.MaxBloodVolumes:0.#} blood volumes): planned at the limit"),
                    liters[d - 1], most, "docs/model/safety.md: procedure length and volume per procedure", d));
            }

            var scenario = WithVolume(day, Math.Min(liters[d - 1], most));
            var result = WithCalcium(ref scenario, findings, d);
            cd34 += result.Product.Cd34PerKgE6;
            cd3 += result.Product.Cd3E9;
            planned.Add(new PlannedDay(d, scenario, result, cd34, cd3, []));
            Check(result, scenario, options, findings, d);
            met = GoalMet(stop, result, cd34, cd3);
            if (met && d > 1 && result.DurationMin < 60)
            {
                findings.Add(new Finding(Codes.ShortLastDay.Name, FindingSeverity.Info,
                    F($"day {d} needs only {result.DurationMin:0} min: lengthening day {d - 1} by about that much may avoid a procedure"),
                    result.DurationMin, 60, "docs/model/safety.md: procedure length", d));
            }

            if (!met && d < liters.Count)
            {
                day = Morning(scenario, result, d);
            }
        }

        if (!met)
        {
            // The volumes came from patients like this one; the typical patient's own run is the plan's prediction, and it must meet the goal.
            reason += "; but the plan's own prediction for the typical patient misses it: " + Shortfall(stop, planned[^1].Predicted, cd34, cd3, planned.Count, planned);
        }

        return Finish(met, ScenarioWords.Of(stop), reason, planned, findings);
    }
}
