using Leuka.Quantities;
using Leuka.Scenarios;

namespace Leuka.Separation;

/// <summary>
/// Separator settings each procedure kind uses by default (collect flows are in
/// <see cref="ProtocolDefaults"/>). The speeds and offsets are first guesses until the separator is
/// calibrated (docs/model/separator.md).
/// </summary>
/// <param name="Speed">Centrifuge speed.</param>
/// <param name="InterfaceOffset">Collect-layer offset in layer thicknesses (positive: toward the red cells).</param>
public sealed record SeparatorProtocol(RotationalSpeed Speed, double InterfaceOffset)
{
    /// <summary>The defaults of a procedure kind.</summary>
    public static SeparatorProtocol For(ProcedureKind kind) => kind switch
    {
        // Depletion draws the thick white layer just inside the interface: product Hct ≈5.6 % (AML, WBC 250).
        ProcedureKind.LeukocyteDepletion => new(RotationalSpeed.FromRevolutionsPerMinute(2400), -1),
        _ => new(RotationalSpeed.FromRevolutionsPerMinute(2400), 0),
    };
}
