using Leuka.Separation;

namespace Leuka.Procedure;

/// <summary>How the engine runs: step, reporting, limits and the standing orders it follows.</summary>
/// <param name="StepMinutes">Largest internal step (shortened so no line exchanges more than 90 % of its volume in a step, and to land on events and report times).</param>
/// <param name="ReportIntervalMinutes">Time between time-series rows (the contract's default: 60 s).</param>
/// <param name="TargetTimeLimitMinutes">A target stop not reached by then ends the run with a warning (6 h).</param>
/// <param name="RunTimeLimitMinutes">No run goes on longer than this, whatever the stop (8 h).</param>
/// <param name="PauseTimeLimitMinutes">A pause that nobody resumes ends the procedure after this long.</param>
/// <param name="AcDetectionMinutes">Time for the AC-line sensor to notice that no anticoagulant flows.</param>
/// <param name="Set">The disposable set.</param>
/// <param name="Sensor">Interface sensor.</param>
/// <param name="Controller">Interface controller.</param>
public sealed record EngineOptions(
    double StepMinutes,
    double ReportIntervalMinutes,
    double TargetTimeLimitMinutes,
    double RunTimeLimitMinutes,
    double PauseTimeLimitMinutes,
    double AcDetectionMinutes,
    CircuitSet Set,
    InterfaceSensor Sensor,
    InterfaceController Controller)
{
    /// <summary>The defaults.</summary>
    public static EngineOptions Default { get; } = new(1, 1, 360, 480, 30, 1, CircuitSet.Default, InterfaceSensor.Default, InterfaceController.Default);

    /// <summary>How long the limits may hold the inlet below its minimum before the run ends as stalled, min.</summary>
    public const double StallMinutes = 30;

    /// <summary>How long blood prime may take before the run ends as unable to form an interface, min.</summary>
    public const double BloodPrimeLimitMinutes = 60;

    /// <summary>Ionized calcium below which the engine warns (mmol/L): the handbook's 0.9 prophylaxis threshold.</summary>
    public const double CalciumWarning = 0.90;

    /// <summary>Below this the engine lowers the inlet flow (less citrate per minute).</summary>
    public const double CalciumSafety = 0.80;

    /// <summary>Below this (severe symptoms ≈0.75, docs/reference/MODEL-DATA.md §5) the pumps stop and staff give a calcium bolus.</summary>
    public const double CalciumAbsolute = 0.70;

    /// <summary>After an absolute calcium alarm the run resumes once ionized calcium is back above this.</summary>
    public const double CalciumResume = 0.85;

    /// <summary>The bolus staff give at the absolute calcium alarm: 10 mL of 10 % calcium gluconate.</summary>
    public const double CalciumBolusMilliliters = 10;
}
