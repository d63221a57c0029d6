using System.Diagnostics;
using Leuka.Quantities;

namespace Leuka.Physiology;

/// <summary>
/// One-compartment citrate kinetics parameters. Citrate distributes in about the extracellular
/// fluid (V = 0.25 L/kg, calibrated: see docs/model/citrate-calcium.md) and is cleared with Kramer's
/// terminal half-life (Crit Care Med 2003;31:2450: 36 min, 69 min in cirrhosis).
/// </summary>
/// <param name="DistributionVolume">Volume of distribution V.</param>
/// <param name="Clearance">Total body clearance CL.</param>
/// <param name="Baseline">Endogenous plasma citrate C0, held by production P = CL·C0.</param>
public sealed record CitrateParameters(Volume DistributionVolume, VolumeFlow Clearance, SubstanceConcentration Baseline)
{
    /// <summary>
    /// Distribution volume per kg, 0.25 L/kg (about the extracellular fluid). Calibrated on Olson
    /// 1977's plasma citrate in plateletpheresis (1.41 mmol/L) together with the calcium defence on
    /// Bolan 2001; Kramer's 0.53 L/kg (critically ill patients) cannot produce such levels.
    /// </summary>
    public const double DistributionVolumeLitersPerKg = 0.25;

    /// <summary>Terminal half-life without liver disease, min (Kramer 2003).</summary>
    public const double HalfLifeMinutes = 36;

    /// <summary>Terminal half-life in cirrhosis, min (Kramer 2003).</summary>
    public const double CirrhosisHalfLifeMinutes = 69;

    /// <summary>Endogenous plasma citrate, mmol/L (Kramer 2003).</summary>
    public const double BaselineMmolPerL = 0.06;

    /// <summary>
    /// Parameters for a patient: V proportional to weight; clearance from the half-life at 70 kg,
    /// scaled by the body-size rule, CL = CL70 · (W / 70 kg)^0.75 (<see cref="BodySize"/>).
    /// </summary>
    public static CitrateParameters For(Mass weight, bool liverDisease = false)
    {
        Preconditions.Positive(weight.Kilograms);
        var halfLife = liverDisease ? CirrhosisHalfLifeMinutes : HalfLifeMinutes;
        var clearance70 = DistributionVolumeLitersPerKg * BodySize.ReferenceKg * Math.Log(2) / halfLife;
        return new CitrateParameters(
            Volume.FromLiters(DistributionVolumeLitersPerKg * weight.Kilograms),
            VolumeFlow.FromMillilitersPerMinute(1000 * clearance70 * BodySize.RateScale(weight)),
            SubstanceConcentration.FromMillimolesPerLiter(BaselineMmolPerL));
    }

    /// <summary>Time constant τ = V / CL of the approach to plateau and of the fall afterwards.</summary>
    public Duration TimeConstant => DistributionVolume / Clearance;

    /// <summary>Elimination half-life t½ = τ · ln 2.</summary>
    public Duration HalfLife => TimeConstant * Math.Log(2);

    /// <summary>The plateau a constant infusion approaches: C0 + R / CL.</summary>
    public SubstanceConcentration Plateau(SubstanceRate infusion) =>
        Baseline + SubstanceConcentration.FromMillimolesPerLiter(infusion.MillimolesPerHour / 60 / (Clearance.MillilitersPerMinute / 1000));
}

/// <summary>The amounts that moved during one step, for mass-balance accounting.</summary>
/// <param name="Infused">Citrate infused.</param>
/// <param name="Produced">Endogenous citrate produced.</param>
/// <param name="Eliminated">Citrate cleared (metabolised, chiefly by the liver, and excreted).</param>
public readonly record struct CitrateFlux(SubstanceAmount Infused, SubstanceAmount Produced, SubstanceAmount Eliminated);

/// <summary>
/// dC/dt = (R + CL·C0 − CL·C) / V, integrated exactly over a step with constant infusion R, so the
/// result does not depend on the step size.
/// </summary>
public static class CitrateKinetics
{
    /// <summary>Advances plasma citrate by one step of constant infusion.</summary>
    /// <param name="plasma">Plasma citrate at the start of the step.</param>
    /// <param name="parameters">Patient parameters.</param>
    /// <param name="infusion">Citrate reaching the patient during the step.</param>
    /// <param name="step">Step length (≥ 0).</param>
    /// <param name="flux">What entered and left during the step.</param>
    /// <returns>Plasma citrate at the end of the step.</returns>
    public static SubstanceConcentration Step(SubstanceConcentration plasma, CitrateParameters parameters, SubstanceRate infusion, Duration step, out CitrateFlux flux)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        Debug.Assert(step >= Duration.Zero, "steps go forward");
        var tau = parameters.TimeConstant.Minutes;
        var dt = step.Minutes;
        var plateau = parameters.Plateau(infusion).MillimolesPerLiter;
        var c = plasma.MillimolesPerLiter;
        // Written as an increment with expm1 so that a short step changes C by a correspondingly
        // small amount instead of by round-off at the scale of the plateau.
        var approached = -double.ExpM1(-dt / tau);
        var end = c + ((plateau - c) * approached);

        // ∫C dt over the step, exact for the exponential: plateau·dt + (C − plateau)·τ·(1 − e^(−dt/τ)).
        var integral = (plateau * dt) + ((c - plateau) * tau * approached);
        var clearanceLPerMin = parameters.Clearance.MillilitersPerMinute / 1000;
        flux = new CitrateFlux(
            infusion * step,
            SubstanceAmount.FromMillimoles(clearanceLPerMin * parameters.Baseline.MillimolesPerLiter * dt),
            SubstanceAmount.FromMillimoles(clearanceLPerMin * integral));
        return SubstanceConcentration.FromMillimolesPerLiter(end);
    }
}
