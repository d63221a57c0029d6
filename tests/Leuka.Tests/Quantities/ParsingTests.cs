using Leuka.Quantities;

namespace Leuka.Tests.Quantities;

public sealed class ParsingTests
{
    [Theory]
    [InlineData("150 x10^9/L")]
    [InlineData("150 ×10^9/L")]
    [InlineData("150 10^9/L")]
    [InlineData("150 10*9/L")]
    [InlineData("150 G/L")]
    [InlineData("150 g/l")]
    [InlineData("150 /nL")]
    [InlineData("150 x10^3/uL")]
    [InlineData("150 10^3/µL")]
    [InlineData("150 K/uL")]
    [InlineData("150000/uL")]
    [InlineData("150000 /µL")]
    [InlineData("150000 /μL")]
    [InlineData("150000/mm3")]
    [InlineData("150000 x10^6/L")]
    [InlineData("0.15 x10^12/L")]
    [InlineData("  150X10^9/l  ")]
    public void Every_cell_concentration_notation_means_the_same(string text)
    {
        var parsed = CellConcentration.Parse(text);
        Assert.True(parsed.Success, parsed.Error);
        Assert.Equal(150, parsed.Value.E9PerLiter, 1e-9);
    }

    [Theory]
    [InlineData("28 %", 28)]
    [InlineData("0.28 L/L", 28)]
    [InlineData("28%", 28)]
    public void Fractions_in_percent_and_litres_per_litre(string text, double percent) =>
        Assert.Equal(percent, Fraction.Parse(text).Value.Percent, 1e-12);

    [Theory]
    [InlineData("1.5 L", 1500)]
    [InlineData("250 mL", 250)]
    [InlineData("1.5e3 mL", 1500)]
    [InlineData("+2 L", 2000)]
    public void Volumes(string text, double milliliters) => Assert.Equal(milliliters, Volume.Parse(text).Value.Milliliters, 1e-9);

    [Theory]
    [InlineData("60 mL/min", 60)]
    [InlineData("3600 mL/h", 60)]
    [InlineData("3.6 L/h", 60)]
    public void Flows(string text, double mlPerMin) => Assert.Equal(mlPerMin, VolumeFlow.Parse(text).Value.MillilitersPerMinute, 1e-9);

    [Theory]
    [InlineData("90 s", 1.5)]
    [InlineData("180 min", 180)]
    [InlineData("3 h", 180)]
    public void Durations(string text, double minutes) => Assert.Equal(minutes, Duration.Parse(text).Value.Minutes, 1e-12);

    [Theory]
    [InlineData("170 cm", 170)]
    [InlineData("1.7 m", 170)]
    [InlineData("67 in", 170.18)]
    public void Lengths(string text, double cm) => Assert.Equal(cm, Length.Parse(text).Value.Centimeters, 1e-9);

    [Theory]
    [InlineData("70 kg", 70)]
    [InlineData("70000 g", 70)]
    [InlineData("154.3236 lb", 70)]
    public void Masses(string text, double kg) => Assert.Equal(kg, Mass.Parse(text).Value.Kilograms, 1e-4);

    [Fact]
    public void Calcium_in_mg_per_dL_uses_4_008_mg_per_dL_per_mmol_per_L()
    {
        var parsed = SubstanceConcentration.Parse("4.81 mg/dL", Substance.Calcium);
        Assert.Equal(4.81 / 4.008, parsed.Value.MillimolesPerLiter, 1e-12);
        Assert.Equal(4.81, parsed.Value.MilligramsPerDeciliter(Substance.Calcium), 1e-12);
    }

    [Fact]
    public void Mg_per_dL_without_a_substance_is_refused_with_the_reason()
    {
        var parsed = SubstanceConcentration.Parse("4.8 mg/dL");
        Assert.False(parsed.Success);
        Assert.Contains("named substance", parsed.Error, StringComparison.Ordinal);
        Assert.Contains("mmol/L", parsed.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2 x10^6/kg", 2)]
    [InlineData("0.02 x10^8/kg", 2)]
    public void Doses(string text, double e6PerKg) => Assert.Equal(e6PerKg, DosePerBodyMass.Parse(text).Value.E6PerKilogram, 1e-12);

    [Theory]
    [InlineData("6 IU/mL", 6)]
    [InlineData("6 U/mL", 6)]
    [InlineData("6000 IU/L", 6)]
    public void Heparin_concentrations(string text, double iuPerMl) => Assert.Equal(iuPerMl, ActivityConcentration.Parse(text).Value.InternationalUnitsPerMilliliter, 1e-12);

    [Fact]
    public void Heparin_doses_in_units_and_by_weight()
    {
        Assert.Equal(5000, Activity.Parse("5000 U").Value.InternationalUnits, 12);
        Assert.Equal(2800, (ActivityPerBodyMass.Parse("40 IU/kg").Value * Mass.FromKilograms(70)).InternationalUnits, 9);
        Assert.False(Activity.Parse("5000").Success);
        Assert.Contains("IU", Activity.Parse("5 mg").Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bare_number_has_no_unit_and_the_error_says_how_to_write_one()
    {
        var parsed = CellConcentration.Parse("150000");
        Assert.False(parsed.Success);
        Assert.Equal("\"150000\" has no unit; write e.g. \"150 x10^9/L\" (units: x10^9/L, 10^9/L, G/L, /nL, x10^3/uL, 10^3/uL, K/uL, x10^6/mL, 10^6/mL, /uL, /mm3, x10^6/L, 10^6/L, x10^12/L, 10^12/L, T/L)", parsed.Error);
    }

    [Fact]
    public void A_unit_of_another_kind_is_named_as_such()
    {
        var parsed = VolumeFlow.Parse("60 mL");
        Assert.False(parsed.Success);
        Assert.Contains("\"mL\" is a unit of volume, not of volume flow", parsed.Error, StringComparison.Ordinal);
        Assert.Contains("\"60 mL/min\"", parsed.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, "is empty")]
    [InlineData("   ", "is empty")]
    [InlineData("mL", "does not start with a number")]
    [InlineData("NaN mL", "does not start with a number")]
    [InlineData("Infinity mL", "does not start with a number")]
    [InlineData("1e400 mL", "not a finite number")]
    [InlineData("1e308 L", "too large")]
    [InlineData("12 furlongs", "unit \"furlongs\" is not known")]
    [InlineData("1,5 L", "not known")]
    public void Bad_text_fails_with_a_reason_and_an_example(string? text, string reason)
    {
        var parsed = Volume.Parse(text);
        Assert.False(parsed.Success);
        Assert.Contains(reason, parsed.Error, StringComparison.Ordinal);
        Assert.Contains("250 mL", parsed.Error, StringComparison.Ordinal);
        Assert.Throws<FormatException>(() => parsed.Value);
    }

    [Fact]
    public void Formatting_is_culture_invariant()
    {
        var before = System.Globalization.CultureInfo.CurrentCulture;
        try
        {
            System.Globalization.CultureInfo.CurrentCulture = new System.Globalization.CultureInfo("de-DE");
            Assert.Equal("1.5 mL", Volume.FromMilliliters(1.5).ToString());
            Assert.Equal(1.5, Volume.Parse("1.5 mL").Value.Milliliters);
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentCulture = before;
        }
    }
}
