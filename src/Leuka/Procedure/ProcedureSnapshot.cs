using System.Collections.Immutable;
using Leuka.Physiology;
using Leuka.Quantities;

namespace Leuka.Procedure;

/// <summary>An alarm, for subscribers.</summary>
/// <param name="alarm">The alarm.</param>
public sealed class AlarmEventArgs(Alarm alarm) : EventArgs
{
    /// <summary>The alarm.</summary>
    public Alarm Alarm { get; } = alarm;
}

/// <summary>The procedure at one moment, for callers that drive the engine step by step.</summary>
/// <param name="Time">Procedure time.</param>
/// <param name="Phase">Phase.</param>
/// <param name="Paused">Pumps stopped (operator, fault or calcium).</param>
/// <param name="Patient">The patient's state.</param>
/// <param name="InletFlow">Inlet pump (last step).</param>
/// <param name="AcFlow">AC reaching the blood (last step).</param>
/// <param name="CollectFlow">Collect pump (last step).</param>
/// <param name="ReturnFlow">Return to the patient (last step).</param>
/// <param name="Processed">Whole blood processed.</param>
/// <param name="Extracorporeal">Patient blood in the set.</param>
/// <param name="ProductVolume">Product bag volume.</param>
/// <param name="ProductCells">Cells in the bag per pool species.</param>
/// <param name="Alarms">Alarms so far.</param>
/// <param name="OpenLoop">True while the interface is held open loop.</param>
public sealed record ProcedureSnapshot(
    Duration Time,
    ProcedurePhase Phase,
    bool Paused,
    PatientPhysiologyState Patient,
    VolumeFlow InletFlow,
    VolumeFlow AcFlow,
    VolumeFlow CollectFlow,
    VolumeFlow ReturnFlow,
    Volume Processed,
    Volume Extracorporeal,
    Volume ProductVolume,
    ImmutableArray<CellCount> ProductCells,
    ImmutableArray<Alarm> Alarms,
    bool OpenLoop);

/// <summary>One quantity's balance: what entered (start plus inputs) against where it is now.</summary>
/// <param name="Name">What is balanced.</param>
/// <param name="In">Start plus everything that entered.</param>
/// <param name="Accounted">Everywhere it is now: patient, set, bag, discarded.</param>
/// <param name="Scale">Magnitude for a relative tolerance.</param>
public sealed record Balance(string Name, double In, double Accounted, double Scale);
