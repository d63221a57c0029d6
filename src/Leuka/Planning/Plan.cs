using Leuka.Procedure;
using Leuka.Scenarios;

namespace Leuka.Planning;

/// <summary>Limits that shape a plan (docs/model/safety.md).</summary>
/// <param name="MaxDays">Most consecutive daily procedures.</param>
/// <param name="MaxHours">Longest procedure.</param>
/// <param name="MaxBloodVolumes">Most blood volumes processed in one procedure.</param>
/// <param name="BleedingRisk">The patient bleeds or is at risk: the platelet floor is 50 instead of 20 ×10^9/L.</param>
public sealed record PlanOptions(int MaxDays = 4, double MaxHours = 5, double MaxBloodVolumes = 6, bool BleedingRisk = false)
{
    /// <summary>These limits for a scenario: a course in it sets the most days (its days replace <see cref="MaxDays"/>).</summary>
    public PlanOptions For(Scenario scenario)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        return scenario.Course is { } c ? this with { MaxDays = c.Days } : this;
    }

    /// <summary>The most consecutive days a plan may be asked to span.</summary>
    public const int MostDays = 14;

    /// <summary>The shortest and the longest procedure a plan may be asked to allow, hours (the engine's run-time limit).</summary>
    public const double ShortestHours = 0.5, LongestHours = 8;

    /// <summary>What a caller may ask for days, in words.</summary>
    public const string DaysHint = "give 1 to 14 consecutive days";

    /// <summary>What a caller may ask for hours, in words.</summary>
    public const string HoursHint = "give 0.5 to 8 hours";

    /// <summary>Whether a number of days may be asked.</summary>
    public static bool DaysAllowed(int days) => days is >= 1 and <= MostDays;

    /// <summary>Whether a procedure length may be asked.</summary>
    public static bool HoursAllowed(double hours) => double.IsFinite(hours) && hours >= ShortestHours && hours <= LongestHours;
}

/// <summary>How serious a finding is.</summary>
public enum FindingSeverity
{
    /// <summary>For information.</summary>
    Info,

    /// <summary>Act on it or watch for it.</summary>
    Caution,

    /// <summary>Unsafe as planned: the plan is not offered.</summary>
    Critical,
}

/// <summary>A safety finding in clinical language, with the number that triggered it and its source.</summary>
/// <param name="Code">Stable code.</param>
/// <param name="Severity">Severity.</param>
/// <param name="Message">What it means and what to do.</param>
/// <param name="Value">The number that triggered it.</param>
/// <param name="Threshold">The threshold it crossed.</param>
/// <param name="Source">Where the rule comes from.</param>
/// <param name="Day">Procedure day (1-based), 0 for the whole plan.</param>
public sealed record Finding(string Code, FindingSeverity Severity, string Message, double Value, double Threshold, string Source, int Day);

/// <summary>One planned procedure.</summary>
/// <param name="Day">Day (1-based).</param>
/// <param name="Scenario">The scenario to run that day (settings and stop filled in): `leuka simulate` gives <paramref name="Predicted"/> from it.</param>
/// <param name="Predicted">The simulator's prediction.</param>
/// <param name="Cd34PerKgSoFar">CD34+ collected up to and including this day, ×10^6/kg.</param>
/// <param name="Cd3SoFar">CD3+ collected up to and including this day, ×10^9.</param>
/// <param name="Curve">The outcome against the volume processed that day (the simulations the planner ran).</param>
public sealed record PlannedDay(int Day, Scenario Scenario, ProcedureResult Predicted, double Cd34PerKgSoFar, double Cd3SoFar, IReadOnlyList<VolumePoint> Curve);

/// <summary>One point of a day's outcome against the volume processed.</summary>
/// <param name="ProcessedLiters">Whole blood processed.</param>
/// <param name="WbcAfter">White count after the procedure, ×10^9/L.</param>
/// <param name="Cd34PerKg">CD34+ collected that day, ×10^6/kg.</param>
/// <param name="Cd3">CD3+ collected that day, ×10^9.</param>
/// <param name="Minutes">Procedure time.</param>
public sealed record VolumePoint(double ProcessedLiters, double WbcAfter, double Cd34PerKg, double Cd3, double Minutes);

/// <summary>One way of reaching the goal: the days, whether they meet it, and the lever moved ("" for the settings as given).</summary>
internal sealed record PlanAttempt(bool Met, string Reason, List<PlannedDay> Days, List<Finding> Findings, string Lever)
{
    // Met beats not met; then fewer days; then less blood; without a plan, closer to the goal.
    public bool IsBetterThan(PlanAttempt other, StopCondition stop)
    {
        if (Met != other.Met)
        {
            return Met;
        }

        if (Met)
        {
            return Days.Count != other.Days.Count ? Days.Count < other.Days.Count : Liters < other.Liters - 0.05;
        }

        var mine = Days[^1];
        var theirs = other.Days[^1];
        return stop switch
        {
            TargetPostWbcStop => mine.Predicted.Wbc.Post < theirs.Predicted.Wbc.Post - 0.5,
            TargetCd34DoseStop => mine.Cd34PerKgSoFar > theirs.Cd34PerKgSoFar + 0.01,
            TargetCd3YieldStop => mine.Cd3SoFar > theirs.Cd3SoFar + 0.01,
            _ => false,
        };
    }

    private double Liters => Days.Sum(d => d.Predicted.ProcessedVolumeL);
}

/// <summary>A plan.</summary>
/// <param name="Feasible">A safe plan reaches the goal within the limits.</param>
/// <param name="Goal">The goal in words.</param>
/// <param name="Reason">Why it is or is not feasible, and what would be needed.</param>
/// <param name="Days">Planned procedures.</param>
/// <param name="Findings">Safety findings.</param>
/// <param name="Simulations">Simulations the planner ran.</param>
public sealed record Plan(bool Feasible, string Goal, string Reason, IReadOnlyList<PlannedDay> Days, IReadOnlyList<Finding> Findings, int Simulations)
{
    /// <summary>For a plan made to reach the goal with a stated probability: how it was asked and what it gives; null for the typical patient's plan.</summary>
    public GoalProbability? Probability { get; init; }

    /// <summary>What happened between the planned days (the scenario's course: a drug alongside, mobilisation); null for nothing.</summary>
    public CourseSettings? Between { get; init; }
}

/// <summary>How likely patients like this one are to reach the goal (docs/cohorts.md § Planning for a probability).</summary>
/// <param name="Asked">The share asked, 0–1.</param>
/// <param name="Draws">Patients like this one simulated (random effects from their priors).</param>
/// <param name="Reached">The share of them who reach the goal with this plan (with the typical patient's plan when no plan reaches the share asked: the reason says how many reach it with every day at the limits).</param>
/// <param name="TypicalReached">The share who reach it with the plan for the typical patient.</param>
public sealed record GoalProbability(double Asked, int Draws, double Reached, double TypicalReached);
