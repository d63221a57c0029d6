using Leuka.Quantities;

namespace Leuka.Procedure;

/// <summary>What the pumps and pressure sensors read over the last step.</summary>
/// <param name="Inlet">Inlet pump (whole blood plus AC).</param>
/// <param name="Ac">AC reaching the blood.</param>
/// <param name="Collect">Collect pump.</param>
/// <param name="Return">Return to the patient.</param>
/// <param name="CitrateMgPerKgPerMin">Citrate reaching the patient.</param>
/// <param name="AccessPressureMmHg">Draw pressure (negative).</param>
/// <param name="ReturnPressureMmHg">Return pressure.</param>
internal sealed record PumpReadings(VolumeFlow Inlet, VolumeFlow Ac, VolumeFlow Collect, VolumeFlow Return, double CitrateMgPerKgPerMin, double AccessPressureMmHg, double ReturnPressureMmHg)
{
    public static PumpReadings Stopped { get; } = new(VolumeFlow.Zero, VolumeFlow.Zero, VolumeFlow.Zero, VolumeFlow.Zero, 0, 0, 0);

    public double WholeBloodMlPerMin => Inlet.MillilitersPerMinute - Ac.MillilitersPerMinute;
}
