using Leuka.Quantities;
using Leuka.Scenarios;

namespace Leuka.Separation;

/// <summary>
/// Separator settings each procedure kind uses by default (collect flows are in
/// <see cref="ProtocolDefaults"/>). Every kind draws from the red line up (offset 0): the product Hct
/// then comes out at 1–6 % (docs/model/separator.md).
/// </summary>
/// <param name="Speed">Centrifuge speed.</param>
/// <param name="InterfaceOffset">Collect-layer offset in layer thicknesses (positive: toward the red cells).</param>
public sealed record SeparatorProtocol(RotationalSpeed Speed, double InterfaceOffset)
{
    /// <summary>The defaults of a procedure kind.</summary>
    public static SeparatorProtocol For(ProcedureKind kind) => kind switch
    {
        _ => new(RotationalSpeed.FromRevolutionsPerMinute(2400), 0),
    };
}
