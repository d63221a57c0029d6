using Leuka.Physiology;
using Leuka.Quantities;

namespace Leuka.Procedure;

/// <summary>Everything a run holds, by room: the clock, the set, the ledger, the phases, the alarms and the rest.</summary>
internal sealed class RunState(CircuitSet set, PatientPhysiologyState start, IEnumerable<ScenarioEvent> events, double cd3Share, int separatorCells, CalciumMonitoring monitoring, double? citrateTolerance, CirculationCare circulation, bool prophylaxis = false)
{
    /// <summary>Procedure time, minutes.</summary>
    public double Time { get; set; }

    /// <summary>Calcium measurements whose blood sample has been drawn.</summary>
    public int SamplesDrawn { get; set; }

    /// <summary>When the next time-series row is due, minutes.</summary>
    public double NextReport { get; set; }

    /// <summary>When the pumps stopped; NaN while they run.</summary>
    public double PausedSince { get; set; } = double.NaN;

    /// <summary>Since when the limits have held the running inlet below its minimum; NaN while it is not.</summary>
    public double StalledSince { get; set; } = double.NaN;

    /// <summary>The heparin bolus has been given (at connection).</summary>
    public bool HeparinBolusGiven { get; set; }

    /// <summary>The operator paused the pumps.</summary>
    public bool OperatorPause { get; set; }

    public VolumeFlow InletSetting { get; set; }

    public double Ratio { get; set; }

    public VolumeFlow CollectSetting { get; set; }

    public RotationalSpeed Speed { get; set; }

    public PumpReadings Pumps { get; set; } = PumpReadings.Stopped;

    /// <summary>The patient now.</summary>
    public required PatientPhysiologyState Patient { get; set; }

    public DisposableSet Set { get; } = new(set);

    public RunLedger Ledger { get; } = new(start);

    public PhaseMachine Phases { get; } = new();

    public AlarmLog Log { get; } = new();

    public Faults Faults { get; } = new();

    public StandingOrders Orders { get; } = new(monitoring, citrateTolerance, prophylaxis);

    public TimeSeriesRecorder Recorder { get; } = new();

    /// <summary>Blood pressure, heart rate and the hypotension orders.</summary>
    public CirculationCare Circulation { get; } = circulation;

    /// <summary>Timed events not yet applied, in time order (stable for equal times).</summary>
    public Queue<ScenarioEvent> Events { get; } = new(events.OrderBy(e => e.At.Minutes));

    /// <summary>CD3+ cells as a share of lymphocytes.</summary>
    public double Cd3Share { get; } = cd3Share;

    public int SeparatorCells { get; } = separatorCells;

    /// <summary>The patient's blood volume at the start, mL.</summary>
    public double TotalBloodVolumeMl { get; init; }

    /// <summary>Pumps stopped: by the operator, a fault, the calcium orders or the hypotension orders.</summary>
    public bool Paused => OperatorPause || Orders.Paused || Circulation.Paused || Faults.Occluded || Faults.Air;
}
