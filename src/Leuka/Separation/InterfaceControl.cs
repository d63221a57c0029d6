using Leuka.Quantities;

namespace Leuka.Separation;

/// <summary>
/// The optical interface sensor: a noisy reading of where the collect layer sits relative to the
/// red-cell interface, sampled periodically; invalid when the interface is not a sharp, packed
/// line (low packing, high inlet flow, a thick white layer). Values are first guesses until the
/// separator is calibrated (docs/model/separator.md).
/// </summary>
/// <param name="NoiseMicrometers">Standard deviation of a reading.</param>
/// <param name="SamplePeriod">Time between readings.</param>
/// <param name="MaximumWidthMicrometers">Wider interfaces (10–90 % of packed) cannot be tracked.</param>
/// <param name="MinimumPackedHematocrit">Less packed red layers cannot be tracked.</param>
public sealed record InterfaceSensor(double NoiseMicrometers, Duration SamplePeriod, double MaximumWidthMicrometers, Fraction MinimumPackedHematocrit)
{
    /// <summary>Default sensor: 10 µm noise, a reading every 2 s, valid up to a 400 µm wide interface packed to 70 %.</summary>
    public static InterfaceSensor Default { get; } = new(10, Duration.FromSeconds(2), 400, Fraction.FromPercent(70));

    /// <summary>Whether the interface can be tracked at this operating point.</summary>
    public bool IsValid(SeparationResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return result.InterfaceWidthMicrometers <= MaximumWidthMicrometers && result.PackedHematocrit >= MinimumPackedHematocrit;
    }

    /// <summary>A reading of the displacement (µm, positive toward the red cells), or null when the sensor cannot see the interface.</summary>
    public double? Read(SeparationResult result, double displacementMicrometers, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        if (!IsValid(result))
        {
            return null;
        }

        // Box–Muller: a seeded generator keeps runs reproducible.
        var u1 = 1 - random.NextDouble();
        var u2 = random.NextDouble();
        return displacementMicrometers + (NoiseMicrometers * Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2));
    }
}

/// <summary>The controller's state: where the layer is, what the plasma pump does, and the integral term.</summary>
/// <param name="DisplacementMicrometers">Collect layer relative to its target (positive: toward the red cells).</param>
/// <param name="PlasmaFlow">Plasma pump flow.</param>
/// <param name="Integral">Integral of the measured error, µm·s.</param>
/// <param name="OpenLoop">True while the sensor is invalid and the pump is set from the entered Hct.</param>
public readonly record struct InterfaceControlState(double DisplacementMicrometers, VolumeFlow PlasmaFlow, double Integral, bool OpenLoop);

/// <summary>
/// Holds the interface with a PI controller on the plasma pump. The displacement integrates the
/// pump's mismatch with the flow the cells need: d(δ·A)/dt = Q_plasma − Q_plasma,needed, with A the
/// channel volume per unit depth. Without a valid reading the pump is set from the entered Hct:
/// Q_plasma = Q_inlet·(1 − Hct_inlet,entered / Hct_packed) − Q_collect.
/// </summary>
/// <param name="ProportionalGain">mL/min per µm of error.</param>
/// <param name="IntegralGain">mL/min per µm·s of integrated error.</param>
/// <param name="AssumedPackedHematocrit">Packed red-cell fraction assumed in open loop.</param>
public sealed record InterfaceController(double ProportionalGain, double IntegralGain, Fraction AssumedPackedHematocrit)
{
    /// <summary>Default gains (first guesses; tuned for a stable, damped response at 1-s steps).</summary>
    public static InterfaceController Default { get; } = new(0.02, 0.002, Fraction.FromPercent(80));

    /// <summary>The plasma flow set from an entered haematocrit when the sensor cannot see the interface.</summary>
    public VolumeFlow OpenLoopPlasmaFlow(Fraction enteredInletHematocrit, VolumeFlow inletFlow, VolumeFlow collectFlow) =>
        VolumeFlow.Max(VolumeFlow.Zero, (inletFlow * (1 - (enteredInletHematocrit / AssumedPackedHematocrit))) - collectFlow);

    /// <summary>One control step.</summary>
    /// <param name="state">Current state.</param>
    /// <param name="reading">The sensor reading of the displacement, or null when invalid.</param>
    /// <param name="neededPlasmaFlow">The plasma flow that would hold the interface still (from the cells' volume balance).</param>
    /// <param name="openLoopPlasmaFlow">The plasma flow set from the entered Hct, used without a reading.</param>
    /// <param name="channelVolume">Channel volume.</param>
    /// <param name="depthMicrometers">Channel depth.</param>
    /// <param name="step">Time step.</param>
    public InterfaceControlState Step(InterfaceControlState state, double? reading, VolumeFlow neededPlasmaFlow, VolumeFlow openLoopPlasmaFlow, Volume channelVolume, double depthMicrometers, Duration step)
    {
        var seconds = step.Seconds;
        VolumeFlow plasma;
        var integral = state.Integral;
        if (reading is { } error)
        {
            // Layer too deep (toward the red cells): take less plasma so the red column grows back.
            integral += error * seconds;
            plasma = VolumeFlow.Max(VolumeFlow.Zero, neededPlasmaFlow - VolumeFlow.FromMillilitersPerMinute((ProportionalGain * error) + (IntegralGain * integral)));
        }
        else
        {
            plasma = openLoopPlasmaFlow;
        }

        // Excess plasma drawn moves the layer outward, toward the red cells.
        var mismatchMlPerSecond = (plasma - neededPlasmaFlow).MillilitersPerMinute / 60;
        var moved = mismatchMlPerSecond * seconds / channelVolume.Milliliters * depthMicrometers;
        return new InterfaceControlState(Math.Clamp(state.DisplacementMicrometers + moved, -depthMicrometers, depthMicrometers), plasma, integral, reading is null);
    }
}
