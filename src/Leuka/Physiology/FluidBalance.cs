using Leuka.Quantities;

namespace Leuka.Physiology;

/// <summary>
/// Parameters of transcapillary fluid exchange. Sources and assumptions: docs/model/fluid-balance.md.
/// </summary>
/// <param name="BaselinePlasmaVolume">Plasma (non-red) volume the body defends.</param>
/// <param name="ExcessLeavesTimeConstant">Time constant with which plasma volume above baseline moves to the interstitium (crystalloid).</param>
/// <param name="DeficitRefillsTimeConstant">Time constant of transcapillary refill when plasma volume is below baseline.</param>
public sealed record FluidParameters(Volume BaselinePlasmaVolume, Duration ExcessLeavesTimeConstant, Duration DeficitRefillsTimeConstant)
{
    /// <summary>Crystalloid leaves the plasma with a time constant of 30 min (volume kinetics, Hahn; assumption).</summary>
    public static Duration DefaultExcessLeaves { get; } = Duration.FromMinutes(30);

    /// <summary>Transcapillary refill after a loss: time constant 8 h (assumption).</summary>
    public static Duration DefaultDeficitRefills { get; } = Duration.FromHours(8);

    /// <summary>
    /// Default parameters for a baseline plasma volume and a weight (null: 70 kg): the time constants,
    /// set for 70 kg, scale by the body-size rule (volume over a rate: (W / 70)^0.25, <see cref="BodySize"/>).
    /// </summary>
    public static FluidParameters For(Volume baselinePlasmaVolume, Mass? weight = null)
    {
        var scale = BodySize.TimeScale(weight ?? Mass.FromKilograms(BodySize.ReferenceKg));
        return new(baselinePlasmaVolume, DefaultExcessLeaves * scale, DefaultDeficitRefills * scale);
    }
}

/// <summary>The patient's intravascular volume split into red cells and the rest, and what moved to the interstitium.</summary>
/// <param name="RedCells">Intravascular red-cell volume.</param>
/// <param name="Plasma">Intravascular volume that is not red cells (plasma, white cells, platelets, infused fluid).</param>
/// <param name="Interstitial">Net fluid moved from the plasma to the interstitium since the start (negative: refill).</param>
public readonly record struct FluidState(Volume RedCells, Volume Plasma, Volume Interstitial)
{
    /// <summary>Circulating (intravascular) blood volume.</summary>
    public Volume Intravascular => RedCells + Plasma;

    /// <summary>Haematocrit.</summary>
    public Fraction Hematocrit => Fraction.FromRatio(RedCells / Intravascular);

    /// <summary>The starting state from a blood volume and haematocrit.</summary>
    public static FluidState AtBaseline(Volume bloodVolume, Fraction hematocrit) =>
        new(bloodVolume * hematocrit, bloodVolume * Fraction.FromRatio(1 - hematocrit.Ratio), Volume.Zero);
}

/// <summary>Fluid exchanged with the circuit and given directly during a step (constant rates).</summary>
/// <param name="DrawFlow">Whole blood drawn from the patient.</param>
/// <param name="ReturnFlow">Everything returned to the patient (blood, AC, saline, prime, rinseback).</param>
/// <param name="ReturnRedCellFlow">The red-cell part of the return.</param>
/// <param name="InfusionFlow">Fluid given directly into a vein (calcium, saline boluses).</param>
public readonly record struct FluidExchange(VolumeFlow DrawFlow, VolumeFlow ReturnFlow, VolumeFlow ReturnRedCellFlow, VolumeFlow InfusionFlow)
{
    /// <summary>Nothing exchanged.</summary>
    public static FluidExchange None => default;
}

/// <summary>Volumes that moved during a step.</summary>
/// <param name="Drawn">Whole blood drawn.</param>
/// <param name="DrawnRedCells">Red cells drawn.</param>
/// <param name="Returned">Fluid returned from the circuit.</param>
/// <param name="ReturnedRedCells">Red cells returned.</param>
/// <param name="Infused">Fluid infused directly.</param>
/// <param name="Shifted">Fluid moved from plasma to interstitium (negative: refill).</param>
public readonly record struct FluidFlux(Volume Drawn, Volume DrawnRedCells, Volume Returned, Volume ReturnedRedCells, Volume Infused, Volume Shifted);

/// <summary>
/// Intravascular volume and haematocrit. Red cells: dR/dt = −(Qd/V)·R + Qr,rbc. Plasma:
/// dP/dt = −(Qd/V)·P + (Qr − Qr,rbc) + Qi − k·(P − P0), with k for excess or for deficit. V is
/// taken at the start of the step, so the step is exact for its inputs and the balance closes to
/// round-off; use steps of a minute or less when the draw is a large share of the blood volume.
/// </summary>
public static class FluidBalance
{
    /// <summary>Advances the fluid state by one step.</summary>
    public static FluidState Step(FluidState state, FluidParameters parameters, FluidExchange exchange, Duration step, out FluidFlux flux)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var t = step.Minutes;
        var v = state.Intravascular.Milliliters;
        var draw = exchange.DrawFlow.MillilitersPerMinute / v;

        // Red cells: first-order draw, constant return.
        var r0 = state.RedCells.Milliliters;
        var qRbc = exchange.ReturnRedCellFlow.MillilitersPerMinute;
        var (r1, rInt) = Linear(r0, -draw, qRbc, t);

        // Plasma: first-order draw and shift toward baseline, constant inflow.
        var p0 = state.Plasma.Milliliters;
        var baseline = parameters.BaselinePlasmaVolume.Milliliters;
        var tau = (p0 >= baseline ? parameters.ExcessLeavesTimeConstant : parameters.DeficitRefillsTimeConstant).Minutes;
        var k = 1 / tau;
        var inflow = exchange.ReturnFlow.MillilitersPerMinute - qRbc + exchange.InfusionFlow.MillilitersPerMinute;
        var (p1, pInt) = Linear(p0, -(draw + k), inflow + (k * baseline), t);

        var drawnRed = draw * rInt;
        var drawnPlasma = draw * pInt;
        var shifted = k * (pInt - (baseline * t));
        flux = new FluidFlux(
            Volume.FromMilliliters(drawnRed + drawnPlasma),
            Volume.FromMilliliters(drawnRed),
            exchange.ReturnFlow * step,
            exchange.ReturnRedCellFlow * step,
            exchange.InfusionFlow * step,
            Volume.FromMilliliters(shifted));
        return new FluidState(Volume.FromMilliliters(r1), Volume.FromMilliliters(p1), state.Interstitial + flux.Shifted);
    }

    // x' = a·x + b from x0 over t: x(t) and ∫x, exact (a ≤ 0).
    private static (double X, double Integral) Linear(double x0, double a, double b, double t)
    {
        if (Math.Abs(a * t) < 1e-12)
        {
            return (x0 + (b * t), (x0 * t) + (b * t * t / 2));
        }

        var grow = double.ExpM1(a * t);
        var x = x0 + ((x0 + (b / a)) * grow);
        var integral = ((x0 + (b / a)) * grow / a) - (b / a * t);
        return (x, integral);
    }
}

/// <summary>How likely the circulation is to be upset, from what is outside the body and what was lost.</summary>
public enum HypotensionRiskLevel
{
    /// <summary>Below the caution threshold.</summary>
    Low,

    /// <summary>Above the caution threshold (15 % of TBV for adults, 10 % for children).</summary>
    Moderate,

    /// <summary>Well above it (20 % adults, 15 % children).</summary>
    High,
}

/// <summary>The hypotension risk indicator with the number behind it.</summary>
/// <param name="Level">Low, moderate or high.</param>
/// <param name="VolumeOutsidePercentOfTbv">(ECV + intravascular volume deficit) as % of TBV.</param>
/// <param name="CautionPercent">The threshold applied (15 % adult, 10 % child).</param>
public sealed record HypotensionRisk(HypotensionRiskLevel Level, double VolumeOutsidePercentOfTbv, double CautionPercent)
{
    /// <summary>
    /// Blood outside the body (ECV) plus any net intravascular deficit, against the 15 % ECV rule
    /// (docs/reference/MODEL-DATA.md §6; V2 shows it is a caution, not a cliff); children (under 18 years or under
    /// 20 kg) use 10 %. High is 5 percentage points above the caution threshold.
    /// </summary>
    public static HypotensionRisk Assess(Volume extracorporeal, Volume intravascularDeficit, Volume totalBloodVolume, bool child)
    {
        var outside = extracorporeal + Volume.Max(Volume.Zero, intravascularDeficit);
        var percent = outside / totalBloodVolume * 100;
        var caution = child ? 10.0 : 15.0;
        var level = percent >= caution + 5 ? HypotensionRiskLevel.High : percent >= caution ? HypotensionRiskLevel.Moderate : HypotensionRiskLevel.Low;
        return new HypotensionRisk(level, percent, caution);
    }
}
