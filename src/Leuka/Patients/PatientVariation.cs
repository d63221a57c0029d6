using System.Collections.Immutable;

namespace Leuka.Patients;

/// <summary>
/// One random effect: a named multiplier on a model parameter, log-normal with median 1. Priors,
/// units and sources: docs/model/variation.md.
/// </summary>
/// <param name="Name">The scenario file's name (<c>patient.variation.NAME</c>).</param>
/// <param name="Acts">The parameter it multiplies, and its unit.</param>
/// <param name="GeometricSd">Geometric standard deviation of the log-normal prior (1: no variation).</param>
/// <param name="Source">Where the magnitude comes from.</param>
/// <param name="Lowest">Smallest multiplier accepted or drawn for this effect.</param>
/// <param name="Highest">Largest multiplier accepted or drawn for this effect.</param>
public sealed record RandomEffect(string Name, string Acts, double GeometricSd, string Source, double Lowest = RandomEffect.Min, double Highest = RandomEffect.Max)
{
    /// <summary>Smallest and largest multiplier accepted in a scenario (far beyond ±4 prior SDs).</summary>
    public const double Min = 0.05, Max = 20;

    /// <summary>The multiplier held within this effect's bounds.</summary>
    public double Clamp(double value) => Math.Clamp(value, Lowest, Highest);
}

/// <summary>
/// How this patient and this procedure differ from the typical one: multipliers (1 = typical) on
/// the separator's interface stability and white-layer mixing, on the cells' exchange with their
/// tissue pools and on the size of the leukaemic blasts. One simulation is deterministic for its values; a cohort draws them from the
/// priors; per-patient calibration replaces the priors by what the patient's records show.
/// </summary>
/// <param name="InterfaceWobble">Multiplies the red line's wobble at the collect port (dimensionless × µm).</param>
/// <param name="WhiteLayerMixing">Multiplies the white layer's mixing length (dimensionless × µm).</param>
/// <param name="TissueExchange">Multiplies the rate at which every white-cell pool exchanges with its tissue reservoir (dimensionless × 1/min).</param>
/// <param name="TissueReservoir">Multiplies every white-cell pool's reservoir ratio (dimensionless).</param>
/// <param name="CitrateTolerance">
/// This patient's citrate tolerance: the probability of citrate symptoms (for patients like this one,
/// at the fall reached) at which this one has them, uniform on (0, 1) by construction of that
/// probability. Null for the typical patient, whose reaction stays a probability and not an event.
/// </param>
/// <param name="BlastVolume">Multiplies the volume of this patient's leukaemic blasts (dimensionless × fL): the white layer they make in the separator, the leukocrit and the blood's viscosity.</param>
/// <param name="BloodVolume">
/// This patient's true blood volume over the estimate from height, weight and sex (dimensionless × L).
/// The body has the true volume; the machine, the stop and every limit set per litre of blood work
/// with the estimate, as clinics do.
/// </param>
public sealed record PatientVariation(double InterfaceWobble = 1, double WhiteLayerMixing = 1, double TissueExchange = 1, double TissueReservoir = 1, double? CitrateTolerance = null, double BlastVolume = 1, double BloodVolume = 1)
{
    /// <summary>Smallest and largest citrate tolerance a scenario may give.</summary>
    public const double MinTolerance = 0.001, MaxTolerance = 0.999;

    /// <summary>The typical patient: every multiplier 1.</summary>
    public static PatientVariation Typical { get; } = new();

    /// <summary>The priors, in the order of the record's parameters. Magnitudes and sources: docs/model/variation.md.</summary>
    public static ImmutableArray<RandomEffect> Priors { get; } =
    [
        new("interfaceWobble", "red-line wobble at the collect port, µm", 2.0, "CD34+ CE2 spread between donors on one device, 62.4 ± 11.6 % (Transfusion 2016;56:2824), with whiteLayerMixing; since the white layer is held at the port it moves the product's Hct and thick layers, not a donor's efficiency (docs/model/variation.md)"),
        new("whiteLayerMixing", "white-layer mixing length, µm", 2.0, "as interfaceWobble (the two share the device's CE spread)"),
        new("tissueExchange", "exchange rate of white-cell pools with their reservoirs, 1/min", 1.7, "CD34+ release rate during apheresis 0.36–13.7 ×10^6/min, r = 0.82 with the blood count (Rowley, Bone Marrow Transplant 2001): residual log-SD ≈ 0.52"),
        new("tissueReservoir", "reservoir ratio of white-cell pools", 1.7, "assumed as tissueExchange (no separate published spread)"),
        new("blastVolume", "volume of the leukaemic blasts, fL", BlastVolumeGsd, BlastVolumeSource),
        // Bounded to 0.5–2: beyond ±7 prior SDs, and a body cannot hold a twentieth of its estimate.
        new("bloodVolume", "true blood volume over the estimate from height, weight and sex, L", BloodVolumeGsd, BloodVolumeSource, 0.5, 2),
    ];

    /// <summary>The multipliers in the order of <see cref="Priors"/>.</summary>
    public ImmutableArray<double> Values => [InterfaceWobble, WhiteLayerMixing, TissueExchange, TissueReservoir, BlastVolume, BloodVolume];

    /// <summary>A variation from multipliers in the order of <see cref="Priors"/>.</summary>
    public static PatientVariation From(IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count != Priors.Length)
        {
            throw new ArgumentException($"{Priors.Length} multipliers expected, {values.Count} given.", nameof(values));
        }

        return new(values[0], values[1], values[2], values[3], BlastVolume: values[4], BloodVolume: values[5]);
    }

    /// <summary>Draws every multiplier from its prior. Deterministic for the generator's state.</summary>
    public static PatientVariation Draw(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var values = new double[Priors.Length];
        for (var i = 0; i < FirstFour; i++)
        {
            values[i] = DrawOne(random, Priors[i]);
        }

        // Each later effect is drawn after those before it, so adding one leaves the earlier draws of a
        // patient's own generator unchanged (a generator that draws several patients in turn moves on).
        var tolerance = Math.Clamp(random.NextDouble(), MinTolerance, MaxTolerance);
        for (var i = FirstFour; i < values.Length; i++)
        {
            values[i] = DrawOne(random, Priors[i]);
        }

        return From(values) with { CitrateTolerance = tolerance };
    }

    // The multipliers drawn before the citrate tolerance (the first version's four).
    private const int FirstFour = 4;

    // The blasts' between-patient spread: docs/model/variation.md.
    private const double BlastVolumeGsd = 1.5;
    private const string BlastVolumeSource = "assumed between the lymphoid leukaemias' measured between-patient spread of cell volume (CV 12–20 %: Kuse, Blut 1985; Br J Haematol 1986;64:469) and the only per-patient AML figures (mean WBC volume 240–730 fL in 4 children with monocytic AML, Pediatr Res 1998 abstract 52: log-SD ≈ 0.54)";

    // The true blood volume's spread around the estimate: docs/model/variation.md.
    private const double BloodVolumeGsd = 1.1;
    private const string BloodVolumeSource = "judgement between measured spreads: blood volume per kg of lean mass CV ≈ 8 % (CO rebreathing, 100 adults, Int J Sports Med 2019;40:236), per kg of body mass CV 14–16 % (582 people, CO rebreathing); height-and-weight regressions err by 4.8–10 % in 160 children (Linderkamp)";

    // Box–Muller, so draws do not depend on a library's sampler.
    private static double DrawOne(Random random, RandomEffect prior)
    {
        var u1 = 1 - random.NextDouble();
        var u2 = random.NextDouble();
        var z = Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
        return prior.Clamp(Math.Exp(z * Math.Log(prior.GeometricSd)));
    }

    /// <summary>The generator a scenario's seed draws its patient's variation from (kept apart from the run's other draws).</summary>
    public static Random GeneratorFor(int seed) => new(unchecked((seed * 1_000_003) + 7919));
}
