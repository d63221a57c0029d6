using System.Diagnostics;
using Leuka.Quantities;

namespace Leuka.Physiology;

/// <summary>
/// One-compartment citrate kinetics parameters (Kramer, Crit Care Med 2003;31:2450). Equations,
/// scaling and sources: docs/model/citrate-calcium.md.
/// </summary>
/// <param name="DistributionVolume">Volume of distribution V.</param>
/// <param name="Clearance">Total body clearance CL.</param>
/// <param name="Baseline">Endogenous plasma citrate C0, held by production P = CL·C0.</param>
public sealed record CitrateParameters(Volume DistributionVolume, VolumeFlow Clearance, SubstanceConcentration Baseline)
{
    /// <summary>Reference adult weight for clearance scaling, kg.</summary>
    public const double ReferenceWeightKg = 70;

    /// <summary>Distribution volume per kg: 0.53 L/kg, derived from CL 710 mL/min and t½ 36 min at 70 kg.</summary>
    public const double DistributionVolumeLitersPerKg = 0.53;

    /// <summary>Clearance at 70 kg without liver disease, mL/min (Kramer 2003).</summary>
    public const double ClearanceMlPerMin = 710;

    /// <summary>Clearance at 70 kg in cirrhosis, mL/min (Kramer 2003).</summary>
    public const double CirrhosisClearanceMlPerMin = 340;

    /// <summary>Endogenous plasma citrate, mmol/L (Kramer 2003).</summary>
    public const double BaselineMmolPerL = 0.06;

    /// <summary>
    /// Parameters for a patient: V proportional to weight; clearance scaled allometrically,
    /// CL = CL70 · (W / 70 kg)^0.75 (an assumption: Kramer studied adults only).
    /// </summary>
    public static CitrateParameters For(Mass weight, bool liverDisease = false)
    {
        Preconditions.Positive(weight.Kilograms);
        var clearance70 = liverDisease ? CirrhosisClearanceMlPerMin : ClearanceMlPerMin;
        return new CitrateParameters(
            Volume.FromLiters(DistributionVolumeLitersPerKg * weight.Kilograms),
            VolumeFlow.FromMillilitersPerMinute(clearance70 * Math.Pow(weight.Kilograms / ReferenceWeightKg, 0.75)),
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
