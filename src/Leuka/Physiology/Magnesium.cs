using Leuka.Quantities;

namespace Leuka.Physiology;

/// <summary>Magnesium in the patient: the total amount in the calcium distribution volume.</summary>
/// <param name="Total">Total magnesium.</param>
public readonly record struct MagnesiumState(SubstanceAmount Total)
{
    /// <summary>The baseline: the equilibrium's plasma total in the distribution volume.</summary>
    public static MagnesiumState AtBaseline(CalciumEquilibrium equilibrium, Volume distribution)
    {
        ArgumentNullException.ThrowIfNull(equilibrium);
        return new(SubstanceAmount.FromMillimoles(equilibrium.MagnesiumTotalMmolPerL * distribution.Liters));
    }

    /// <summary>Total magnesium concentration in a volume.</summary>
    public SubstanceConcentration In(Volume distribution) => SubstanceConcentration.FromMillimolesPerLiter(Total.Millimoles / distribution.Liters);
}

/// <summary>What the circuit and staff do to the patient's magnesium during a step.</summary>
/// <param name="Infused">Magnesium given (prophylaxis).</param>
/// <param name="Removed">Magnesium drawn into the circuit with the patient's plasma.</param>
/// <param name="Returned">Magnesium the circuit gives back with the patient's plasma.</param>
public readonly record struct MagnesiumExchange(SubstanceAmount Infused, SubstanceAmount Removed, SubstanceAmount Returned);

/// <summary>Magnesium that moved during a step.</summary>
/// <param name="Infused">Given.</param>
/// <param name="RenalLoss">Lost in urine with citrate.</param>
/// <param name="Removed">Taken by the circuit.</param>
/// <param name="Returned">Given back by the circuit.</param>
/// <param name="Exchanged">Moved in from the cells and bone (negative: out to them).</param>
public readonly record struct MagnesiumFlux(SubstanceAmount Infused, SubstanceAmount RenalLoss, SubstanceAmount Removed, SubstanceAmount Returned, SubstanceAmount Exchanged = default);

/// <summary>
/// Magnesium over a procedure: citrate binds it as it binds calcium (the speciation is
/// <see cref="CalciumEquilibrium"/>'s, with the current total), so ionized magnesium falls with
/// plasma citrate; magnesium bound to the citrate the kidneys clear is lost in urine, as calcium
/// is; and the circuit takes it with the plasma and brings it back. The extracellular magnesium
/// exchanges with the far larger pool in cells and bone, first order toward its baseline
/// concentration (rate <see cref="ExchangePerMinute"/>, calibrated). Model, sources and
/// validation: docs/model/citrate-calcium.md (magnesium).
/// </summary>
public static class MagnesiumKinetics
{
    /// <summary>Rate of exchange with cells and bone at 70 kg, 1/min: calibrated on Das 2005 (total magnesium −11 % in plateletpheresis), docs/model/citrate-calcium.md; scaled with body size (<see cref="CalciumParameters.For"/>).</summary>
    public const double ExchangePerMinute = 0.006;

    /// <summary>Advances magnesium by one step.</summary>
    /// <param name="state">Magnesium at the start.</param>
    /// <param name="speciation">The plasma's speciation at the end of the calcium step (with this magnesium's total at the start).</param>
    /// <param name="equilibrium">The equilibrium constants.</param>
    /// <param name="renalCitrateClearance">The renal part of citrate clearance.</param>
    /// <param name="baselineComplexedMmolPerL">Magnesium bound to citrate at baseline (its renal loss is the normal daily balance).</param>
    /// <param name="exchange">What the circuit and staff did.</param>
    /// <param name="baseline">The amount at the baseline concentration in today's distribution volume (what the exchange restores).</param>
    /// <param name="step">Step length.</param>
    /// <param name="flux">What moved.</param>
    /// <param name="exchangePerMinute">Rate of exchange with cells and bone, 1/min (default: the 70-kg value).</param>
    public static MagnesiumState Step(MagnesiumState state, CalciumEquilibrium.Speciation speciation, CalciumEquilibrium equilibrium, VolumeFlow renalCitrateClearance, double baselineComplexedMmolPerL, MagnesiumExchange exchange, SubstanceAmount baseline, Duration step, out MagnesiumFlux flux, double exchangePerMinute = ExchangePerMinute)
    {
        ArgumentNullException.ThrowIfNull(equilibrium);
        var complexed = Complexed(speciation, equilibrium);
        var available = state.Total.Millimoles + exchange.Infused.Millimoles + exchange.Returned.Millimoles - exchange.Removed.Millimoles;
        var renal = Math.Clamp(renalCitrateClearance.MillilitersPerMinute / 1000 * Math.Max(0, complexed - baselineComplexedMmolPerL) * step.Minutes, 0, Math.Max(0, available));
        // Exact for first-order relaxation over the step with the other fluxes applied first.
        var exchanged = (baseline.Millimoles - (available - renal)) * -double.ExpM1(-exchangePerMinute * step.Minutes);
        flux = new MagnesiumFlux(exchange.Infused, SubstanceAmount.FromMillimoles(renal), exchange.Removed, exchange.Returned, SubstanceAmount.FromMillimoles(exchanged));
        return new MagnesiumState(SubstanceAmount.FromMillimoles(available - renal + exchanged));
    }

    /// <summary>Magnesium bound to citrate in a speciation.</summary>
    public static double Complexed(CalciumEquilibrium.Speciation speciation, CalciumEquilibrium equilibrium)
    {
        ArgumentNullException.ThrowIfNull(equilibrium);
        return speciation.IonizedMagnesium * speciation.FreeCitrate / equilibrium.MagnesiumCitrateKdMmolPerL;
    }
}
