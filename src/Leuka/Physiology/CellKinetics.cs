using Leuka.Patients;
using Leuka.Quantities;

namespace Leuka.Physiology;

/// <summary>
/// Kinetic parameters of one cell pool. Sources, assumptions and calibrations:
/// docs/model/cell-kinetics.md.
/// </summary>
/// <param name="ReservoirRatio">Reservoir (marginated, splenic, tissue) content over circulating content at baseline.</param>
/// <param name="ExchangeTimeConstant">Time constant with which circulation and reservoir re-equilibrate.</param>
/// <param name="RecoveryHalfTime">Half-time of homeostatic return of the circulating count to baseline; null: none (malignant cells).</param>
/// <param name="DoublingTime">Doubling time of malignant growth; null: not malignant.</param>
public sealed record PoolParameters(double ReservoirRatio, Duration ExchangeTimeConstant, Duration? RecoveryHalfTime, Duration? DoublingTime)
{
    /// <summary>
    /// Default doubling time of acute leukaemia blasts: 10 days. Untreated childhood precursor-B ALL
    /// grew a net 6.9 ± 7.3 % a day (born 10–11 %, dying 4 %: Br J Haematol 1997;98:999), a doubling
    /// of about 10 days; AML relapse clones doubled in a median 11–14 days in the common subtypes
    /// (Blood 2010;115:198). docs/model/cell-kinetics.md.
    /// </summary>
    public static Duration AcuteLeukemiaDoublingTime { get; } = Duration.FromHours(10 * 24);

    /// <summary>Default doubling time in CML: 30 days (assumption: "weeks"; no source found).</summary>
    public static Duration CmlDoublingTime { get; } = Duration.FromHours(30 * 24);

    /// <summary>Default lymphocyte doubling time in CLL: 71 days (median after repeated leukapheresis, TL6).</summary>
    public static Duration CllDoublingTime { get; } = Duration.FromHours(71 * 24);

    /// <summary>Rate of flow from circulation into the reservoir, per minute.</summary>
    public double OutflowRatePerMinute => ReservoirRatio / ((1 + ReservoirRatio) * ExchangeTimeConstant.Minutes);

    /// <summary>Rate of flow from the reservoir into circulation, per minute.</summary>
    public double InflowRatePerMinute => 1 / ((1 + ReservoirRatio) * ExchangeTimeConstant.Minutes);

    /// <summary>Homeostatic clearance rate of circulating cells, per minute (production balances it at baseline).</summary>
    public double ClearanceRatePerMinute => RecoveryHalfTime is { } h ? Math.Log(2) / h.Minutes : 0;

    /// <summary>Malignant growth rate, per minute.</summary>
    public double GrowthRatePerMinute => DoublingTime is { } d ? Math.Log(2) / d.Minutes : 0;

    /// <summary>
    /// Defaults by species and diagnosis. The malignant species of a diagnosis get its doubling
    /// time (or <paramref name="doublingTime"/> when given) and no homeostatic return.
    /// </summary>
    public static PoolParameters For(CellSpecies species, Diagnosis diagnosis, Duration? doublingTime = null)
    {
        var healthy = species switch
        {
            // About half of blood neutrophils are marginated (R = 1); blood half-life 6–8 h (Summers 2010).
            CellSpecies.Granulocytes => new PoolParameters(1, Duration.FromMinutes(20), Duration.FromHours(7), null),
            // Large recirculating pool; exchange calibrated on C6 (lymphocytes at ≈70 % after 12 L).
            CellSpecies.Lymphocytes => new PoolParameters(10, Duration.FromMinutes(LymphocyteExchangeMinutes), Duration.FromHours(6), null),
            CellSpecies.Monocytes => new PoolParameters(2, Duration.FromMinutes(60), Duration.FromHours(6), null),
            // Leukaemic blasts: slow, weak refill from marrow and tissue (TL4, TL7).
            CellSpecies.Blasts => new PoolParameters(1, Duration.FromHours(24), Duration.FromHours(8), null),
            // Mobilised CD34+: strong recruitment; exchange calibrated on C5 (≈30 % fall, then level).
            CellSpecies.Cd34 => new PoolParameters(Cd34ReservoirRatio, Duration.FromMinutes(Cd34ExchangeMinutes), Duration.FromHours(8), null),
            // Splenic pool ≈ one third of platelets (R = 0.5, Aster 1966); platelets pass through the
            // spleen in about 10 min (Peters 1980): that is 1/k_in = τ(1 + R), so τ = 10/1.5 min.
            // Recovery within about 7 days.
            CellSpecies.Platelets => new PoolParameters(0.5, Duration.FromMinutes(10 / 1.5), Duration.FromHours(40), null),
            _ => throw new ArgumentOutOfRangeException(nameof(species), species, "Red cells have no pool: they are tracked by volume in fluid balance."),
        };

        var malignantDoubling = (diagnosis, species) switch
        {
            (Diagnosis.Aml or Diagnosis.All, CellSpecies.Blasts) => AcuteLeukemiaDoublingTime,
            (Diagnosis.Cml, CellSpecies.Granulocytes or CellSpecies.Blasts) => CmlDoublingTime,
            (Diagnosis.Cll, CellSpecies.Lymphocytes) => CllDoublingTime,
            _ => (Duration?)null,
        };

        return malignantDoubling is { } d
            ? healthy with { RecoveryHalfTime = null, DoublingTime = doublingTime ?? d }
            : healthy;
    }

    /// <summary>
    /// This patient's pool: white-cell pools exchange faster or slower with a larger or smaller
    /// reservoir by the patient's random effects (docs/model/variation.md); platelets keep theirs.
    /// </summary>
    public PoolParameters Varied(CellSpecies species, PatientVariation variation)
    {
        ArgumentNullException.ThrowIfNull(variation);
        return species == CellSpecies.Platelets
            ? this
            : this with { ReservoirRatio = ReservoirRatio * variation.TissueReservoir, ExchangeTimeConstant = ExchangeTimeConstant / variation.TissueExchange };
    }

    /// <summary>Calibrated on C6 (Sato 2001): see docs/model/cell-kinetics.md.</summary>
    internal const double LymphocyteExchangeMinutes = 32;

    /// <summary>
    /// Calibrated on C5 (Transfusion 2002) on the device the source used, COBE Spectra: see
    /// docs/model/cell-kinetics.md. It was 60 min when C5 ran on the generic separator, which
    /// collects more CD34+ cells; the slower exchange keeps C5's fall at 60 min where it was.
    /// </summary>
    internal const double Cd34ExchangeMinutes = 55;

    /// <summary>Calibrated on C5 with <see cref="Cd34ExchangeMinutes"/>: a reservoir large enough for the count to level off.</summary>
    internal const double Cd34ReservoirRatio = 20;
}

/// <summary>One species' cells in the patient.</summary>
/// <param name="Circulating">Cells in the circulating blood.</param>
/// <param name="Reservoir">Cells in the marginated, splenic or tissue pool that exchanges with the blood.</param>
/// <param name="BaselineCirculating">The circulating content homeostasis returns to.</param>
public readonly record struct PoolState(CellCount Circulating, CellCount Reservoir, CellCount BaselineCirculating)
{
    /// <summary>A pool at its baseline equilibrium.</summary>
    public static PoolState AtBaseline(CellCount circulating, PoolParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        return new(circulating, circulating * parameters.ReservoirRatio, circulating);
    }

    /// <summary>All cells of the species in the patient.</summary>
    public CellCount Total => Circulating + Reservoir;
}

/// <summary>What the circuit does to a pool during a step.</summary>
/// <param name="DrawFlow">Whole blood drawn from the patient (zero when paused or after the procedure).</param>
/// <param name="ReturnedFraction">Share of the drawn cells that comes back within the step (1 − the separator's removal efficiency), 0–1.</param>
/// <param name="ReturnedFromCircuit">Cells given back at a steady rate over the step regardless of draw (rinseback, transfusion).</param>
public readonly record struct PoolExchange(VolumeFlow DrawFlow, double ReturnedFraction, CellCount ReturnedFromCircuit)
{
    /// <summary>No exchange: the patient is not connected.</summary>
    public static PoolExchange None => new(VolumeFlow.Zero, 1, CellCount.Zero);
}

/// <summary>Cells that moved during a step (all non-negative).</summary>
/// <param name="Drawn">Drawn into the circuit.</param>
/// <param name="Returned">Returned from the circuit.</param>
/// <param name="Produced">Homeostatic production.</param>
/// <param name="Cleared">Homeostatic clearance.</param>
/// <param name="Grown">Malignant growth.</param>
public readonly record struct PoolFlux(CellCount Drawn, CellCount Returned, CellCount Produced, CellCount Cleared, CellCount Grown);

/// <summary>
/// Two-compartment cell kinetics, solved exactly over a step with constant coefficients:
/// dNc/dt = −(Q/V)(1 − f)·Nc − k_out·Nc + k_in·Nr + k_cl·(Nc,base − Nc) + g·Nc + r;
/// dNr/dt = k_out·Nc − k_in·Nr + k_cl·(Nr,base − Nr) + g·Nr.
/// </summary>
public static class CellKinetics
{
    /// <summary>Advances a pool by one step.</summary>
    /// <param name="state">Pool at the start of the step.</param>
    /// <param name="parameters">Kinetic parameters.</param>
    /// <param name="exchange">What the circuit does during the step.</param>
    /// <param name="bloodVolume">Circulating blood volume (constant over the step).</param>
    /// <param name="step">Step length.</param>
    /// <param name="flux">Cells moved during the step.</param>
    public static PoolState Step(PoolState state, PoolParameters parameters, PoolExchange exchange, Volume bloodVolume, Duration step, out PoolFlux flux)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var t = step.Minutes;
        if (t <= 0)
        {
            // No time passes: cells handed back from the circuit arrive at once.
            flux = new PoolFlux(CellCount.Zero, exchange.ReturnedFromCircuit, CellCount.Zero, CellCount.Zero, CellCount.Zero);
            return state with { Circulating = state.Circulating + exchange.ReturnedFromCircuit };
        }

        var drawRate = exchange.DrawFlow.MillilitersPerMinute / bloodVolume.Milliliters;
        var removal = drawRate * (1 - exchange.ReturnedFraction);
        var kOut = parameters.OutflowRatePerMinute;
        var kIn = parameters.InflowRatePerMinute;
        var kCl = parameters.ClearanceRatePerMinute;
        var g = parameters.GrowthRatePerMinute;
        // Homeostasis regulates the whole pool: each compartment is produced into and cleared in
        // proportion to its baseline, so a deficit anywhere decays with the recovery half-time.
        var productionC = kCl * state.BaselineCirculating.E9;
        var productionR = productionC * parameters.ReservoirRatio;
        var returnRate = exchange.ReturnedFromCircuit.E9 / t;

        var a = new Matrix2(-(removal + kOut + kCl) + g, kIn, kOut, -(kIn + kCl) + g);
        var (nc, nr, ic, ir) = a.Solve(state.Circulating.E9, state.Reservoir.E9, productionC + returnRate, productionR, t);
        var drawn = drawRate * ic;
        flux = new PoolFlux(
            CellCount.FromE9(drawn),
            CellCount.FromE9((exchange.ReturnedFraction * drawn) + exchange.ReturnedFromCircuit.E9),
            CellCount.FromE9((productionC + productionR) * t),
            CellCount.FromE9(kCl * (ic + ir)),
            CellCount.FromE9(g * (ic + ir)));
        return state with { Circulating = CellCount.FromE9(nc), Reservoir = CellCount.FromE9(nr) };
    }
}
