using Leuka.Quantities;
using Leuka.Separation;

namespace Leuka.Procedure;

/// <summary>
/// The settings each procedure kind uses when the scenario leaves them out. Sources and reasoning:
/// docs/model/scenario-inputs.md. Every kind spins at <see cref="Speed"/> with the collect port on the red line.
/// </summary>
/// <param name="InletFlow">Inlet flow.</param>
/// <param name="InletToAcRatio">Inlet:AC ratio.</param>
/// <param name="CollectFlow">Collect flow.</param>
/// <param name="CollectionMode">Collection mode.</param>
/// <param name="Stop">Stop condition.</param>
/// <param name="Access">Vascular access.</param>
public sealed record ProtocolDefaults(
    VolumeFlow InletFlow,
    double InletToAcRatio,
    VolumeFlow CollectFlow,
    CollectionMode CollectionMode,
    StopCondition Stop,
    VascularAccess Access)
{
    /// <summary>The centrifuge speed every procedure kind runs at unless the scenario sets one.</summary>
    public static RotationalSpeed Speed { get; } = RotationalSpeed.FromRevolutionsPerMinute(2400);

    /// <summary>The collect port's offset from the red line, as a share of the collect window (0: on the line).</summary>
    public const double InterfaceOffset = 0;

    /// <summary>Default AC infusion-rate limit, 0.8 mL/min per litre of TBV (Spectra Optia default).</summary>
    public static FlowPerBloodVolume AcInfusionRateLimit { get; } = FlowPerBloodVolume.FromMillilitersPerMinutePerLiter(0.8);

    /// <summary>The defaults of a procedure kind.</summary>
    public static ProtocolDefaults For(ProcedureKind kind) => kind switch
    {
        // Optia WBCD default ratio 12; 2 TBV is the usual depletion (Lopert 2023); product ≈710 mL
        // over 3–4 h on COBE Spectra suggests ≈3 mL/min collect; catheters are usual for depletion.
        ProcedureKind.LeukocyteDepletion => new(Flow(60), 12, Flow(3), CollectionMode.Continuous, new BloodVolumesStop(2), VascularAccess.CentralVenousCatheter),
        // Optia CMNC: collect ≈1 mL/min, 2 TBV (J Clin Apher 2018;33:349), ratio 1:12.
        ProcedureKind.MncCollection => new(Flow(50), 12, Flow(1), CollectionMode.Continuous, new BloodVolumesStop(2), VascularAccess.Peripheral),
        // Autologous PBSC collections commonly process ≈3 TBV through a catheter.
        ProcedureKind.Cd34Collection => new(Flow(60), 12, Flow(1), CollectionMode.Continuous, new BloodVolumesStop(3), VascularAccess.CentralVenousCatheter),
        ProcedureKind.LymphocyteCollection => new(Flow(50), 12, Flow(1), CollectionMode.Continuous, new BloodVolumesStop(2), VascularAccess.Peripheral),
        // No blood is drawn: the flows are placeholders the engine never uses; 4 h observes a 2-h infusion and its fall.
        ProcedureKind.CitrateInfusion => new(Flow(50), 12, Flow(1), CollectionMode.Continuous, new DurationStop(Duration.FromHours(4)), VascularAccess.Peripheral),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown procedure kind."),
    };

    private static VolumeFlow Flow(double millilitersPerMinute) => VolumeFlow.FromMillilitersPerMinute(millilitersPerMinute);
}
