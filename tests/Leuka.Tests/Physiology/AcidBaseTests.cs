using CsCheck;
using Leuka.Physiology;
using Leuka.Quantities;

namespace Leuka.Tests.Physiology;

public sealed class AcidBaseTests
{
    private static readonly AcidBaseParameters Adult = AcidBaseParameters.For(Mass.FromKilograms(70), null);

    [Fact]
    public void At_the_start_the_blood_is_normal_and_nothing_moves_without_citrate()
    {
        Assert.InRange(AcidBaseParameters.BaselinePh, 7.38, 7.42);
        var state = AcidBase.Step(default, Adult, 0, Duration.FromMinutes(60), out var flux);
        Assert.Equal(default, state);
        Assert.Equal(0, flux.Generated);
        Assert.Equal(4.0, state.Potassium(Adult, Adult.ExtracellularVolume), 12);
    }

    [Fact]
    public void Three_bicarbonates_per_citrate_and_the_kidney_brings_a_constant_load_to_g_times_tau()
    {
        // 0.5 mmol/min of citrate metabolised for a long time: excess → 1.5 mmol/min × τ.
        var state = default(AcidBaseState);
        for (var i = 0; i < 200; i++)
        {
            state = AcidBase.Step(state, Adult, 0.5 * 60, Duration.FromMinutes(60), out _);
        }

        Assert.Equal(1.5 * Adult.RenalTimeConstantMinutes, state.ExcessBicarbonate, 6);
        Assert.True(state.Ph(Adult) > 7.45);
        Assert.True(state.Potassium(Adult, Adult.ExtracellularVolume) < 3.6);
    }

    [Fact]
    public void Citric_acid_spends_three_bicarbonates_at_once_so_acd_leaves_only_its_sodium_salt_as_base()
    {
        // Citric acid alone: bicarbonate falls and the pH with it; an organic acid moves no
        // potassium out of the cells.
        var acid = AcidBase.Step(default, Adult, 0, Duration.FromMinutes(30), out var f, citricAcid: 10);
        Assert.Equal(30, f.Buffered, 12);
        Assert.True(acid.ExcessBicarbonate < 0);
        Assert.True(acid.Ph(Adult) < AcidBaseParameters.BaselinePh);
        Assert.Equal(0, f.Shifted);
        Assert.Equal(AcidBaseParameters.AssumedPotassium, acid.Potassium(Adult, Adult.ExtracellularVolume), 12);
        Assert.Equal(f.Generated - f.Buffered - f.Excreted, acid.ExcessBicarbonate, 9);

        // ACD-A metabolised in full: the net base is three per sodium citrate, two thirds of what
        // the same citrate as trisodium citrate would leave.
        var acd = Anticoagulant.AcdA;
        var trisodium = default(AcidBaseState);
        var acdA = default(AcidBaseState);
        for (var i = 0; i < 200; i++)
        {
            trisodium = AcidBase.Step(trisodium, Adult, 0.5 * 60, Duration.FromMinutes(60), out _);
            acdA = AcidBase.Step(acdA, Adult, 0.5 * 60, Duration.FromMinutes(60), out _, citricAcid: 0.5 * 60 * acd.AcidShare);
        }

        Assert.Equal(1 - acd.AcidShare, acdA.ExcessBicarbonate / trisodium.ExcessBicarbonate, 6);
        Assert.InRange(acdA.ExcessBicarbonate / trisodium.ExcessBicarbonate, 0.65, 0.68);
    }

    [Theory]
    [InlineData("acd-a", 4.90, 5.42)]
    [InlineData("acd-b", 2.94, 3.25)]
    public void The_acd_sodium_implied_by_its_salt_lies_within_the_usp_range(string word, double lowGramsPerL, double highGramsPerL)
    {
        // Three sodium per citrate that is not citric acid: the USP states the solutions' sodium,
        // an independent check of the acid share the acid–base model relies on.
        var ac = Anticoagulant.All.Single(a => a.Word == word);
        var sodiumGramsPerL = 3 * (ac.Citrate.MillimolesPerLiter - ac.CitricAcid.MillimolesPerLiter) * 22.99 / 1000;
        Assert.InRange(sodiumGramsPerL, lowGramsPerL, highGramsPerL);
    }

    [Fact]
    public void Steps_of_any_size_agree_and_every_step_closes_its_balance()
    {
        Gen.Select(Gen.Double[0, 2], Gen.Int[1, 12], Gen.Double[0, 300]).Sample((rate, pieces, minutes) =>
        {
            var one = AcidBase.Step(default, Adult, rate * minutes, Duration.FromMinutes(minutes), out var f);
            Assert.Equal(f.Generated - f.Buffered - f.Excreted, one.ExcessBicarbonate, 9);
            var many = default(AcidBaseState);
            for (var i = 0; i < pieces; i++)
            {
                many = AcidBase.Step(many, Adult, rate * minutes / pieces, Duration.FromMinutes(minutes / pieces), out _);
            }

            // Bicarbonate is exact for any step; the potassium shift uses the step's mean pH, so it agrees closely.
            Assert.Equal(one.ExcessBicarbonate, many.ExcessBicarbonate, 6);
            Assert.True(Math.Abs(one.ShiftedPotassium - many.ShiftedPotassium) < 0.05, $"{one.ShiftedPotassium} vs {many.ShiftedPotassium}");
        });
    }

    [Fact]
    public void A_tenth_of_a_ph_unit_moves_potassium_by_its_source_at_steady_state()
    {
        // Hold the pH 0.1 above the start: bicarbonate gain g with pH(g) = pH0 + 0.1.
        var gain = 0.0;
        while (AcidBaseParameters.Ph(gain) < AcidBaseParameters.BaselinePh + 0.1)
        {
            gain += 0.001;
        }

        var state = new AcidBaseState(gain * Adult.BicarbonateSpace.Liters, 0);
        var tau = Adult.RenalTimeConstantMinutes;
        for (var i = 0; i < 600; i++)
        {
            // Replace what the kidney excretes each minute so the pH stays.
            state = AcidBase.Step(state, Adult, state.ExcessBicarbonate / tau / 3, Duration.FromMinutes(1), out _);
        }

        Assert.Equal(4.0 - AcidBaseParameters.PotassiumPerTenthPh, state.Potassium(Adult, Adult.ExtracellularVolume), 2);
    }
}
