using Leuka.Patients;
using Leuka.Quantities;

namespace Leuka.Tests.Patients;

public sealed class BloodVolumeTests
{
    // Worked values from docs/reference/MODEL-DATA.md §4 (Nadler 1962).
    [Theory]
    [InlineData(Sex.Male, 180, 80, 5.32)]
    [InlineData(Sex.Female, 160, 60, 3.63)]
    public void Nadler_matches_worked_values(Sex sex, double heightCm, double weightKg, double liters) =>
        Assert.Equal(liters, BloodVolume.Nadler(sex, Length.FromCentimeters(heightCm), Mass.FromKilograms(weightKg)).Liters, 0.005);

    [Fact]
    public void Lemmens_gives_70_mL_per_kg_at_BMI_22_and_less_per_kg_in_obesity()
    {
        var height = Length.FromMeters(1.8);
        var lean = Mass.FromKilograms(22 * 1.8 * 1.8);
        Assert.Equal(70 * lean.Kilograms, BloodVolume.Lemmens(height, lean).Milliliters, 1e-9);

        var obese = Mass.FromKilograms(44 * 1.8 * 1.8);
        Assert.Equal(70 / Math.Sqrt(2), BloodVolume.Lemmens(height, obese).Milliliters / obese.Kilograms, 1e-9);
    }

    [Theory]
    [InlineData(0.02, Sex.Male, 100)]
    [InlineData(0.5, Sex.Female, 85)]
    [InlineData(4, Sex.Male, 77)]
    [InlineData(4, Sex.Female, 69)]
    [InlineData(30, Sex.Female, 70)]
    public void Weight_based_mL_per_kg_by_age(double age, Sex sex, double mlPerKg) =>
        Assert.Equal(mlPerKg, BloodVolume.WeightBasedMillilitersPerKilogram(sex, age));

    [Fact]
    public void Children_default_to_weight_based_and_adults_to_Nadler()
    {
        var child = Patients(ageYears: 4, weightKg: 15, heightCm: 102);
        var adult = Patients(ageYears: 40, weightKg: 80, heightCm: 180);
        Assert.Equal(BloodVolumeMethod.WeightBased, BloodVolume.Estimate(child).Method);
        Assert.Equal(1155, BloodVolume.Estimate(child).Total.Milliliters, 1e-9);
        Assert.Equal(BloodVolumeMethod.Nadler, BloodVolume.Estimate(adult).Method);
    }

    [Fact]
    public void Expansion_multiplies_the_estimate_and_measured_volumes_are_used_as_given()
    {
        var expanded = Patients(40, 80, 180) with { BloodVolume = new BloodVolumeSpec(BloodVolumeMethod.Nadler, null, 1.4) };
        var estimate = BloodVolume.Estimate(expanded);
        Assert.Equal(estimate.Unexpanded.Liters * 1.4, estimate.Total.Liters, 1e-12);

        var measured = Patients(40, 80, 180) with { BloodVolume = new BloodVolumeSpec(BloodVolumeMethod.Measured, Volume.FromLiters(5.1), 1) };
        Assert.Equal(5.1, BloodVolume.Estimate(measured).Total.Liters, 1e-12);
        Assert.Equal(5100.0 / 80, BloodVolume.Estimate(measured).MillilitersPerKilogram, 1e-9);
    }

    [Fact]
    public void Leukocrit_of_200_blasts_is_about_15_percent()
    {
        // docs/reference/MODEL-DATA.md §2: AML blasts at 200 ×10^9/L ≈ 15 % of blood volume (735 fL each).
        var allBlasts = new Differential(Fraction.Zero, Fraction.Zero, Fraction.Zero, Fraction.Zero, Fraction.Zero, Fraction.FromPercent(100), Fraction.Zero);
        Assert.Equal(0.147, PatientAssessment.LeukocritOf(CellConcentration.FromE9PerLiter(200), allBlasts), 1e-12);
        // Normal WBC ≈ 0.3 % of blood.
        Assert.InRange(PatientAssessment.LeukocritOf(CellConcentration.FromE9PerLiter(7), Differential.Normal), 0.002, 0.004);
    }

    [Fact]
    public void Assessment_splits_blood_into_red_cells_white_cells_platelets_and_plasma()
    {
        var patient = Patients(40, 80, 180);
        var a = PatientAssessment.Of(patient);
        var parts = a.RedCellVolume + a.PlasmaVolume + (a.BloodVolume.Total * a.Leukocrit) + (a.BloodVolume.Total * a.Plateletcrit);
        Assert.Equal(a.BloodVolume.Total.Milliliters, parts.Milliliters, 1e-9);
        Assert.Equal(80 / (1.8 * 1.8), a.BodyMassIndex, 1e-12);
        Assert.Equal(7 * a.BloodVolume.Total.Liters, a.CirculatingWbc.E9, 1e-9);
        Assert.Null(a.CirculatingCd34);
    }

    internal static Patient Patients(double ageYears, double weightKg, double heightCm) => new(
        Sex.Male,
        ageYears,
        Length.FromCentimeters(heightCm),
        Mass.FromKilograms(weightKg),
        BloodVolumeSpec.Default,
        new Labs(CellConcentration.FromE9PerLiter(7), Fraction.FromPercent(42), CellConcentration.FromE9PerLiter(250), Differential.Normal, true));
}
