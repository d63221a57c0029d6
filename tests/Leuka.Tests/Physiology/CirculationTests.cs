using CsCheck;
using Leuka.Patients;
using Leuka.Physiology;
using Leuka.Quantities;

namespace Leuka.Tests.Physiology;

public sealed class CirculationTests
{
    private static readonly Volume Tbv = Volume.FromLiters(5);

    private static CirculationParameters Adult(double ica = 1.2) => new(93.33, 40, 72, 180, Tbv, ica, 90, false);

    private static Haemodynamics At(double lostMl, double ica = 1.2, bool headDown = false, double vasovagal = 0) =>
        Circulation.Assess(Adult(), Tbv - Volume.FromMilliliters(lostMl), new CirculationInputs(ica, headDown, vasovagal));

    [Fact]
    public void At_rest_the_pressures_and_rate_are_the_patients_own()
    {
        var h = At(0);
        Assert.Equal(93.33, h.MeanMmHg, 9);
        Assert.Equal(120, h.SystolicMmHg, 2);
        Assert.Equal(80, h.DiastolicMmHg, 2);
        Assert.Equal(72, h.HeartRatePerMin, 9);
    }

    [Fact]
    public void A_fifth_of_the_blood_volume_lost_lowers_stroke_volume_by_its_source_and_the_reflex_holds_most_of_the_pressure()
    {
        // Johnson 2014: 1 L (about 20 %) gave SV −16 %, HR +12 %, MAP −10 %.
        var h = At(1000);
        Assert.Equal(0.84, h.StrokeVolumeRatio, 9);
        Assert.InRange(h.MeanMmHg / 93.33, 0.90, 0.97);
        Assert.InRange(h.HeartRatePerMin / 72, 1.04, 1.15);
        Assert.True(h.SystolicMmHg - h.DiastolicMmHg < 40 * 0.9, "pulse pressure narrows (ATLS class II)");
    }

    [Fact]
    public void Losing_more_blood_never_raises_the_pressure_nor_lowers_the_rate_and_the_reflex_equation_holds()
    {
        Gen.Select(Gen.Double[0, 2000], Gen.Double[0, 500], Gen.Double[0.3, 1.5], Gen.Double[0, 1]).Sample((lost, more, ica, vv) =>
        {
            var a = At(lost, ica, vasovagal: vv);
            var b = At(lost + more, ica, vasovagal: vv);
            Assert.True(b.MeanMmHg <= a.MeanMmHg + 1e-9, $"{b.MeanMmHg} > {a.MeanMmHg}");
            Assert.True(b.HeartRatePerMin >= a.HeartRatePerMin - 1e-9 || b.HeartRatePerMin >= 180 - 1e-9);
            Assert.InRange(a.HeartRatePerMin, 0.3 * 72 - 1e-9, 180 + 1e-9);

            // MAP/MAP0 = s · HR/HR0 · SVR/SVR0 with SVR from the reflex: the quadratic's root solves it.
            var m = a.MeanMmHg / 93.33;
            var e = 1 - m;
            var r = (1 - (CirculationParameters.VasovagalResistanceFall * vv)) * (1 + (CirculationParameters.ResistanceGain * (1 - vv) * e));
            Assert.Equal(m, a.StrokeVolumeRatio * (a.HeartRatePerMin / 72) * r, 9);
        });
    }

    [Fact]
    public void Low_ionized_calcium_weakens_the_heart_little_above_point_seven_and_much_near_point_four()
    {
        var normal = At(0).MeanMmHg;
        Assert.InRange(At(0, 0.9).MeanMmHg / normal, 0.97, 1.0);
        Assert.InRange(At(0, 0.7).MeanMmHg / normal, 0.9, 0.98);
        Assert.True(At(0, 0.4).MeanMmHg / normal < 0.85);
    }

    [Fact]
    public void Head_down_tilt_gives_back_some_pressure_and_a_vasovagal_reaction_takes_much_more_then_fades()
    {
        Assert.True(At(800, headDown: true).MeanMmHg > At(800).MeanMmHg);
        var faint = At(0, vasovagal: 1);
        Assert.True(faint.MeanMmHg < 0.6 * 93.33, $"{faint.MeanMmHg}");
        Assert.True(faint.HeartRatePerMin < 72, "vagal slowing, not a reflex rise");
        Assert.Equal(1, Circulation.VasovagalStrength(0), 12);
        Assert.True(Circulation.VasovagalStrength(12) < 0.1);
        Assert.Equal(0, Circulation.VasovagalStrength(-1));
    }

    [Theory]
    [InlineData(0.05, 60)]
    [InlineData(0.5, 70)]
    [InlineData(4, 78)]
    [InlineData(12, 90)]
    [InlineData(50, 90)]
    public void The_hypotension_threshold_follows_the_PALS_definition_by_age(double age, double expected) =>
        Assert.Equal(expected, CirculationParameters.HypotensionThreshold(age), 9);

    [Fact]
    public void A_hypertensive_patients_threshold_is_two_thirds_of_their_own_systolic()
    {
        var patient = Patient(vitals: new Vitals(180, 100, 70));
        Assert.Equal(120, CirculationParameters.For(patient, Tbv, 1.2).HypotensionSystolicMmHg, 9);
        Assert.Equal(90, CirculationParameters.For(Patient(), Tbv, 1.2).HypotensionSystolicMmHg, 9);
    }

    [Fact]
    public void Vasovagal_risk_is_tomitas_for_a_repeat_male_donor_and_rises_with_each_published_predictor()
    {
        var big = Volume.FromLiters(5);
        var baseline = VasovagalRisk.Probability(false, false, big, 40);
        Assert.Equal(0.0099, baseline, 9);
        Assert.InRange(VasovagalRisk.Probability(true, false, big, 40), 0.02, 0.0417);
        Assert.True(VasovagalRisk.Probability(true, false, Volume.FromLiters(3.2), 40) > 0.0417, "a small woman's risk is above the women's average");
        Assert.True(VasovagalRisk.Probability(false, true, big, 40) > baseline);
        Assert.True(VasovagalRisk.Probability(false, false, Volume.FromLiters(3.2), 40) > baseline);
        Assert.True(VasovagalRisk.Probability(false, false, big, 17) > baseline);
        Assert.InRange(VasovagalRisk.Probability(true, true, Volume.FromLiters(1.2), 4), 0.2, 0.7);
    }

    [Fact]
    public void A_large_collection_doubles_a_mans_odds_and_not_a_womans()
    {
        var tbv = Volume.FromLiters(5);
        Assert.True(VasovagalRisk.LargeCollection(false, Volume.FromMilliliters(760), tbv), "above 15 % of 5 L");
        Assert.False(VasovagalRisk.LargeCollection(false, Volume.FromMilliliters(740), tbv));
        Assert.True(VasovagalRisk.LargeCollection(false, Volume.FromMilliliters(1060), Volume.FromLiters(8)), "above 1,050 mL");
        Assert.False(VasovagalRisk.LargeCollection(true, Volume.FromMilliliters(2000), tbv), "no threshold was found in women");
        double Odds(double p) => p / (1 - p);
        Assert.Equal(2, Odds(VasovagalRisk.Probability(false, false, tbv, 40, largeCollection: true)) / Odds(VasovagalRisk.Probability(false, false, tbv, 40)), 9);
    }

    private static Patient Patient(Vitals? vitals = null) => new(
        Sex.Male, 50, Length.FromCentimeters(178), Mass.FromKilograms(80), BloodVolumeSpec.Default,
        new Labs(CellConcentration.FromE9PerLiter(7), Fraction.FromPercent(42), CellConcentration.FromE9PerLiter(250), Differential.Normal, true),
        Vitals: vitals);
}
