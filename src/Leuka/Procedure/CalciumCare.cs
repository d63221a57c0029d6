using Leuka.Quantities;

namespace Leuka.Procedure;

/// <summary>How the ionized calcium is watched during the run.</summary>
public enum CalciumMonitoringMode
{
    /// <summary>Measured at the start and then at a fixed interval, and whenever symptoms appear (the default).</summary>
    Intermittent,

    /// <summary>Measured at the start, then only when symptoms appear (or after an order acted).</summary>
    OnSymptoms,

    /// <summary>A perfect continuous sensor (research: no clinic has one).</summary>
    Continuous,

    /// <summary>
    /// No calcium orders at all: nothing is measured and the flows are never changed for calcium
    /// (research, and published series whose arms are the flows the procedures achieved).
    /// </summary>
    None,
}

/// <summary>
/// When the operator measures ionized calcium: the standing orders act on what was measured
/// (and on symptoms), not on the true value. Protocol and sources: docs/model/citrate-calcium.md
/// (calcium care).
/// </summary>
/// <param name="Mode">Intermittent, on symptoms only, or continuous.</param>
/// <param name="Interval">Time between scheduled measurements (intermittent only).</param>
public sealed record CalciumMonitoring(CalciumMonitoringMode Mode, Duration Interval)
{
    /// <summary>
    /// Scheduled measurements every 30 min: the 20–30 min interval of a published calcium-infusion
    /// protocol (Zhao et al., J Clin Apher 2019, doi:10.1002/jca.21742), at its long end.
    /// </summary>
    public static Duration DefaultInterval { get; } = Duration.FromMinutes(30);

    /// <summary>The default: a baseline, then every 30 min, and on symptoms.</summary>
    public static CalciumMonitoring Default { get; } = new(CalciumMonitoringMode.Intermittent, DefaultInterval);

    /// <summary>Symptoms only.</summary>
    public static CalciumMonitoring OnSymptoms { get; } = new(CalciumMonitoringMode.OnSymptoms, DefaultInterval);

    /// <summary>The research option: every step.</summary>
    public static CalciumMonitoring Continuous { get; } = new(CalciumMonitoringMode.Continuous, DefaultInterval);

    /// <summary>No orders: the flows are never changed for calcium.</summary>
    public static CalciumMonitoring None { get; } = new(CalciumMonitoringMode.None, DefaultInterval);

    /// <summary>The scenario's word for the mode.</summary>
    public string Word => Mode switch
    {
        CalciumMonitoringMode.OnSymptoms => "on-symptoms",
        CalciumMonitoringMode.Continuous => "continuous",
        CalciumMonitoringMode.None => "none",
        _ => "intermittent",
    };

    /// <summary>Shortest and longest interval a scenario may give, minutes.</summary>
    public const double MinIntervalMinutes = 5, MaxIntervalMinutes = 240;

    /// <summary>After an order acts (slower inlet, pause), the next measurement comes this soon, min: an assumption (re-check after an intervention), docs/model/citrate-calcium.md.</summary>
    public const double RecheckMinutes = 10;

    /// <summary>
    /// Below this every patient has symptoms staff notice (nausea, light-headedness: Szymanski,
    /// severe symptoms below 3 mg/dL ≈ 0.75 mmol/L), which brings a measurement whatever the schedule.
    /// </summary>
    public const double SevereSymptomsMmolPerL = 0.75;

    /// <summary>
    /// On citrate symptoms staff slow the inlet to this share of its setting (60–70 % in a
    /// large-volume series, Baek, Korean J Blood Transfus 2004;15:38), for the rest of the run.
    /// </summary>
    public const double SymptomSlowdown = 0.65;
}
