using Leuka.Quantities;

namespace Leuka.Patients;

/// <summary>How total blood volume is estimated.</summary>
public enum BloodVolumeMethod
{
    /// <summary>Nadler 1962 from sex, height and weight; the adult default, as on Spectra Optia.</summary>
    Nadler,

    /// <summary>Lemmens 2006: 70/√(BMI/22) mL/kg, for obesity.</summary>
    Lemmens,

    /// <summary>mL/kg by age; the default for children.</summary>
    WeightBased,

    /// <summary>A measured volume.</summary>
    Measured,
}

/// <summary>The requested blood-volume method, optional measured value and expansion factor.</summary>
/// <param name="Method">The method; null means the default for the patient's age.</param>
/// <param name="Measured">The measured volume when <paramref name="Method"/> is <see cref="BloodVolumeMethod.Measured"/>.</param>
/// <param name="ExpansionFactor">Circulating-volume expansion (≥ 1; hyperleukocytosis up to ≈1.4).</param>
public sealed record BloodVolumeSpec(BloodVolumeMethod? Method, Volume? Measured, double ExpansionFactor)
{
    /// <summary>The default: the method for the patient's age, no expansion.</summary>
    public static BloodVolumeSpec Default { get; } = new(null, null, 1.0);
}

/// <summary>The estimated total blood volume and how it was obtained.</summary>
/// <param name="Total">Total blood volume after expansion.</param>
/// <param name="Method">The method used.</param>
/// <param name="Unexpanded">The volume before the expansion factor.</param>
/// <param name="ExpansionFactor">The expansion factor applied.</param>
/// <param name="MillilitersPerKilogram">Total volume per kilogram of body weight.</param>
public sealed record BloodVolumeEstimate(Volume Total, BloodVolumeMethod Method, Volume Unexpanded, double ExpansionFactor, double MillilitersPerKilogram);

/// <summary>Blood-volume formulas. Equations and sources: docs/model/blood-volume.md.</summary>
public static class BloodVolume
{
    /// <summary>
    /// Nadler, Hidalgo, Bloch, Surgery 1962;51:224. H in metres, W in kg, result in litres:
    /// men 0.3669 H³ + 0.03219 W + 0.6041; women 0.3561 H³ + 0.03308 W + 0.1833.
    /// </summary>
    public static Volume Nadler(Sex sex, Length height, Mass weight)
    {
        var h3 = Math.Pow(height.Meters, 3);
        var w = weight.Kilograms;
        var liters = sex == Sex.Male
            ? (0.3669 * h3) + (0.03219 * w) + 0.6041
            : (0.3561 * h3) + (0.03308 * w) + 0.1833;
        return Volume.FromLiters(liters);
    }

    /// <summary>Lemmens, Bernstein, Brodsky, Obes Surg 2006;16:773: 70/√(BMI/22) mL/kg.</summary>
    public static Volume Lemmens(Length height, Mass weight)
    {
        var bmi = weight.Kilograms / (height.Meters * height.Meters);
        return Volume.FromMilliliters(70 / Math.Sqrt(bmi / 22) * weight.Kilograms);
    }

    /// <summary>
    /// mL/kg by age: newborn (under 1 month) 100; infant (under 1 year) 85; child (1–17 years) 77 for
    /// boys and 69 for girls (measured values); adult 70.
    /// </summary>
    public static double WeightBasedMillilitersPerKilogram(Sex sex, double ageYears) => ageYears switch
    {
        < 1.0 / 12 => 100,
        < 1 => 85,
        < Patient.AdultAgeYears => sex == Sex.Male ? 77 : 69,
        _ => 70,
    };

    /// <summary>Weight-based blood volume.</summary>
    public static Volume WeightBased(Sex sex, double ageYears, Mass weight) =>
        Volume.FromMilliliters(WeightBasedMillilitersPerKilogram(sex, ageYears) * weight.Kilograms);

    /// <summary>The default method: Nadler for adults, weight-based for children.</summary>
    public static BloodVolumeMethod DefaultMethod(Patient patient)
    {
        ArgumentNullException.ThrowIfNull(patient);
        return patient.IsChild ? BloodVolumeMethod.WeightBased : BloodVolumeMethod.Nadler;
    }

    /// <summary>Estimates the patient's total (circulating) blood volume, applying the expansion factor.</summary>
    public static BloodVolumeEstimate Estimate(Patient patient)
    {
        ArgumentNullException.ThrowIfNull(patient);
        var spec = patient.BloodVolume;
        var method = spec.Method ?? DefaultMethod(patient);
        var unexpanded = method switch
        {
            BloodVolumeMethod.Nadler => Nadler(patient.Sex, patient.Height, patient.Weight),
            BloodVolumeMethod.Lemmens => Lemmens(patient.Height, patient.Weight),
            BloodVolumeMethod.WeightBased => WeightBased(patient.Sex, patient.AgeYears, patient.Weight),
            BloodVolumeMethod.Measured => spec.Measured ?? throw new ArgumentException("A measured blood volume needs its value.", nameof(patient)),
            _ => throw new ArgumentOutOfRangeException(nameof(patient), method, "Unknown blood-volume method."),
        };
        var total = unexpanded * spec.ExpansionFactor;
        return new BloodVolumeEstimate(total, method, unexpanded, spec.ExpansionFactor, total.Milliliters / patient.Weight.Kilograms);
    }
}
