using Leuka.Quantities;

namespace Leuka.Physiology;

/// <summary>
/// Parameters of the two-volume fluid kinetics (Hahn): plasma and interstitial fluid exchange
/// toward equal relative expansion, and the kidneys excrete in proportion to the plasma's
/// expansion. Sources and assumptions: docs/model/fluid-balance.md.
/// </summary>
/// <param name="BaselinePlasmaVolume">Plasma (non-red) volume at the start, V1.</param>
/// <param name="InterstitialVolume">Interstitial fluid at the start, V2 (extracellular fluid less plasma).</param>
/// <param name="ExchangeClearance">Intercompartmental clearance kt, mL/min: the flow per unit of relative expansion difference.</param>
/// <param name="RenalClearance">Renal elimination kr, mL/min per unit of relative plasma expansion (nothing while the plasma is below its start).</param>
public sealed record FluidParameters(Volume BaselinePlasmaVolume, Volume InterstitialVolume, VolumeFlow ExchangeClearance, VolumeFlow RenalClearance)
{
    /// <summary>Plasma and interstitium come to equal relative expansion with this time constant at 70 kg (assumption, the former 30 min of crystalloid leaving the plasma).</summary>
    public static Duration DefaultExchangeTime { get; } = Duration.FromMinutes(30);

    /// <summary>
    /// Renal elimination at 70 kg, mL/min: 20, 15 % of conscious volunteers' 133 (Drobin and Hahn,
    /// Anesthesiology 1999;90:81), patients' renal clearance of infused fluid being 10–20 % of
    /// volunteers' (Hahn, Anesthesiology 2010;113:470). A judgement: docs/model/fluid-balance.md.
    /// </summary>
    public const double RenalMillilitersPerMinute = 20;

    /// <summary>Extracellular fluid, L/kg (as <see cref="AcidBaseParameters.ExtracellularLitersPerKg"/>).</summary>
    public const double ExtracellularLitersPerKg = AcidBaseParameters.ExtracellularLitersPerKg;

    /// <summary>
    /// Default parameters for a baseline plasma volume and a weight (null: 70 kg): the interstitium is
    /// the extracellular fluid less the plasma (at least the plasma itself); the exchange time scales
    /// as a time constant, (W/70)^0.25, and renal elimination as a rate, (W/70)^0.75 (<see cref="BodySize"/>).
    /// </summary>
    public static FluidParameters For(Volume baselinePlasmaVolume, Mass? weight = null)
    {
        var w = weight ?? Mass.FromKilograms(BodySize.ReferenceKg);
        var interstitial = Volume.Max(baselinePlasmaVolume, Volume.FromLiters((ExtracellularLitersPerKg * w.Kilograms) - baselinePlasmaVolume.Liters));
        var tau = (DefaultExchangeTime * BodySize.TimeScale(w)).Minutes;
        var kt = 1 / (tau * ((1 / baselinePlasmaVolume.Milliliters) + (1 / interstitial.Milliliters)));
        return new(baselinePlasmaVolume, interstitial, VolumeFlow.FromMillilitersPerMinute(kt), VolumeFlow.FromMillilitersPerMinute(RenalMillilitersPerMinute * BodySize.RateScale(w)));
    }

    /// <summary>The share of fluid kept in the body that the plasma holds once exchange has settled: V1 / (V1 + V2).</summary>
    public double PlasmaShare => BaselinePlasmaVolume / (BaselinePlasmaVolume + InterstitialVolume);
}

/// <summary>The patient's intravascular volume split into red cells and the rest, and what moved to the interstitium.</summary>
/// <param name="RedCells">Intravascular red-cell volume.</param>
/// <param name="Plasma">Intravascular volume that is not red cells (plasma, white cells, platelets, infused fluid).</param>
/// <param name="Interstitial">Net fluid moved from the plasma to the interstitium since the start (negative: refill).</param>
public readonly record struct FluidState(Volume RedCells, Volume Plasma, Volume Interstitial)
{
    /// <summary>Urine made from the plasma's expansion since the start.</summary>
    public Volume Excreted { get; init; }

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
public readonly record struct FluidFlux(Volume Drawn, Volume DrawnRedCells, Volume Returned, Volume ReturnedRedCells, Volume Infused, Volume Shifted)
{
    /// <summary>Urine.</summary>
    public Volume Excreted { get; init; }
}

/// <summary>
/// Intravascular volume and haematocrit. Red cells: dR/dt = −(Qd/V)·R + Qr,rbc. Plasma P and
/// interstitial expansion X (two-volume kinetics, Hahn):
/// dP/dt = −(Qd/V)·P + (Qr − Qr,rbc) + Qi − J − U,  dX/dt = J,
/// J = kt·((P − V1)/V1 − X/V2),  U = kr·(P − V1)/V1 while P ≥ V1 (else 0, decided at the step's start).
/// V is taken at the start of the step, so the step is exact for its inputs (a 2×2 linear system)
/// and the balance closes to round-off; use steps of a minute or less when the draw is a large
/// share of the blood volume.
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

        // Plasma and interstitium: a compartmental 2×2 system with constant inflow.
        var p0 = state.Plasma.Milliliters;
        var x0 = state.Interstitial.Milliliters;
        var v1 = parameters.BaselinePlasmaVolume.Milliliters;
        var v2 = parameters.InterstitialVolume.Milliliters;
        var kt = parameters.ExchangeClearance.MillilitersPerMinute;
        var inflow = exchange.ReturnFlow.MillilitersPerMinute - qRbc + exchange.InfusionFlow.MillilitersPerMinute;
        var kr = p0 >= v1 ? parameters.RenalClearance.MillilitersPerMinute : 0;
        var (p1, x1, pInt) = Exchange(p0, x0, v1, v2, kt, kr, draw, inflow, t);
        if (kr > 0 && pInt < v1 * t)
        {
            // The plasma fell below its start within the step, where no urine is made: the step
            // is taken without urine rather than with a negative one (water is still conserved).
            kr = 0;
            (p1, x1, pInt) = Exchange(p0, x0, v1, v2, kt, kr, draw, inflow, t);
        }

        var drawnRed = draw * rInt;
        var drawnPlasma = draw * pInt;
        var excreted = kr * ((pInt / v1) - t);
        flux = new FluidFlux(
            Volume.FromMilliliters(drawnRed + drawnPlasma),
            Volume.FromMilliliters(drawnRed),
            exchange.ReturnFlow * step,
            exchange.ReturnRedCellFlow * step,
            exchange.InfusionFlow * step,
            Volume.FromMilliliters(x1 - x0)) { Excreted = Volume.FromMilliliters(excreted) };
        return new FluidState(Volume.FromMilliliters(r1), Volume.FromMilliliters(p1), Volume.FromMilliliters(x1)) { Excreted = state.Excreted + flux.Excreted };
    }

    // The (P, X) system over a step with constant coefficients: P(t), X(t) and ∫P.
    private static (double P, double X, double PIntegral) Exchange(double p0, double x0, double v1, double v2, double kt, double kr, double draw, double inflow, double t)
    {
        var a = new Matrix2(-(draw + ((kt + kr) / v1)), kt / v2, kt / v1, -kt / v2);
        var (p1, x1, pInt, _) = a.Solve(p0, x0, inflow + kt + kr, -kt, t);
        return (p1, x1, pInt);
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
