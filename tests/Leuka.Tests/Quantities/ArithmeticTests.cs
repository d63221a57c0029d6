using Leuka.Quantities;

namespace Leuka.Tests.Quantities;

public sealed class ArithmeticTests
{
    [Fact]
    public void Flow_times_duration_is_volume_and_back()
    {
        var flow = VolumeFlow.FromMillilitersPerMinute(60);
        var time = Duration.FromHours(2);
        var volume = flow * time;
        Assert.Equal(7.2, volume.Liters, 1e-12);
        Assert.Equal(volume, time * flow);
        Assert.Equal(flow.MillilitersPerMinute, (volume / time).MillilitersPerMinute, 1e-12);
        Assert.Equal(time.Minutes, (volume / flow).Minutes, 1e-12);
    }

    [Fact]
    public void Concentration_times_volume_is_a_count_and_back()
    {
        var wbc = CellConcentration.FromE9PerLiter(250);
        var tbv = Volume.FromLiters(4.9);
        var count = wbc * tbv;
        Assert.Equal(1225, count.E9, 1e-9);
        Assert.Equal(count, tbv * wbc);
        Assert.Equal(250, (count / tbv).E9PerLiter, 1e-9);
        Assert.Equal(4.9, (count / wbc).Liters, 1e-12);
    }

    [Fact]
    public void A_cd34_dose_per_kg()
    {
        var product = CellCount.FromE6(280);
        var weight = Mass.FromKilograms(70);
        var dose = product / weight;
        Assert.Equal(4, dose.E6PerKilogram, 1e-12);
        Assert.Equal(280, (dose * weight).E6, 1e-9);
        Assert.Equal(280, (weight * dose).E6, 1e-9);
    }

    [Fact]
    public void Ac_flow_per_litre_of_blood_volume()
    {
        var ac = VolumeFlow.FromMillilitersPerMinute(5);
        var tbv = Volume.FromLiters(5);
        var rate = ac / tbv;
        Assert.Equal(1, rate.MillilitersPerMinutePerLiter, 1e-12);
        Assert.Equal(5, (rate * tbv).MillilitersPerMinute, 1e-12);
    }

    [Fact]
    public void Substance_amounts_rates_and_concentrations()
    {
        var infusion = SubstanceRate.FromMillimolesPerHour(1.8);
        var given = infusion * Duration.FromMinutes(200);
        Assert.Equal(6, given.Millimoles, 1e-12);
        Assert.Equal(1.8, (given / Duration.FromMinutes(200)).MillimolesPerHour, 1e-12);
        var inPlasma = SubstanceConcentration.FromMillimolesPerLiter(0.5) * Volume.FromLiters(3);
        Assert.Equal(1.5, inPlasma.Millimoles, 1e-12);
        Assert.Equal(0.5, (inPlasma / Volume.FromLiters(3)).MillimolesPerLiter, 1e-12);
    }

    [Fact]
    public void Fractions_scale_volumes_and_counts()
    {
        var hct = Fraction.FromPercent(28);
        Assert.Equal(1.372, (Volume.FromLiters(4.9) * hct).Liters, 1e-12);
        Assert.Equal(70, (CellConcentration.FromE9PerLiter(250) * hct).E9PerLiter, 1e-12);
        Assert.Equal(0.28, hct.Ratio, 1e-15);
        Assert.Equal(hct.Percent, Fraction.FromRatio(0.28).Percent, 1e-12);
    }

    [Fact]
    public void Same_kind_ratio_is_a_pure_number_and_min_max_pick_values()
    {
        Assert.Equal(2, Volume.FromLiters(10) / Volume.FromLiters(5));
        Assert.Equal(Volume.FromLiters(5), Volume.Min(Volume.FromLiters(10), Volume.FromLiters(5)));
        Assert.Equal(Volume.FromLiters(10), Volume.Max(Volume.FromLiters(10), Volume.FromLiters(5)));
        Assert.Equal(Volume.FromLiters(2.5), Volume.FromLiters(5) / 2);
        Assert.Equal(Volume.FromLiters(10), 2 * Volume.FromLiters(5));
    }

    [Fact]
    public void Rotational_speed_in_radians_per_second() =>
        Assert.Equal(2 * Math.PI * 40, RotationalSpeed.FromRevolutionsPerMinute(2400).RadiansPerSecond, 1e-9);
}
