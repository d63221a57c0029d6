using Leuka.Patients;
using Leuka.Quantities;
using Leuka.Separation;

namespace Leuka.Tests.Separation;

public sealed class ImmatureGranulocyteTests
{
    // CML blood at WBC 300: 90 % granulocytes, Hct 28 %, 60 mL/min, collect 3 mL/min.
    private static OperatingPoint Cml(Separator separator) => new(
        OperatingPoint.Fractions(Fraction.FromPercent(28), [.. new[] { 270, 12, 9, 9, 0, 400 }.Select(x => CellConcentration.FromE9PerLiter(x))], 12, separator.Properties),
        RotationalSpeed.FromRevolutionsPerMinute(2400),
        VolumeFlow.FromMillilitersPerMinute(60),
        VolumeFlow.FromMillilitersPerMinute(3),
        0,
        CollectionMode.Continuous);

    private static Differential Cml(double immaturePercent) => new(
        Fraction.FromPercent(80 - immaturePercent), Fraction.FromPercent(4), Fraction.FromPercent(3), Fraction.FromPercent(3),
        Fraction.FromPercent(5), Fraction.FromPercent(5), Fraction.FromPercent(immaturePercent));

    [Fact]
    public void Immature_granulocytes_lighter_than_neutrophils_leave_the_red_layer_more_often()
    {
        var g = (int)CellSpecies.Granulocytes;
        var mature = SeparatorModel.Default.Settle(Cml(SeparatorModel.Default));
        var half = SeparatorModel.Default with { ImmatureGranulocyteShare = 0.5 };
        var mixed = half.Settle(Cml(half));
        var all = SeparatorModel.Default with { ImmatureGranulocyteShare = 1 };
        var immature = all.Settle(Cml(all));
        Assert.True(mature.Arrived[g] < mixed.Arrived[g] && mixed.Arrived[g] < immature.Arrived[g], $"{mature.Arrived[g]} / {mixed.Arrived[g]} / {immature.Arrived[g]}");
        Assert.True(mature.Trapped[g] > immature.Trapped[g], $"trapped {mature.Trapped[g]} / {immature.Trapped[g]}");

        // The fates still add up, the profile keeps the species layout, and nothing else is reported apart.
        Assert.Equal(1, mixed.Trapped[g] + mixed.Arrived[g] + mixed.Suspended[g], 12);
        Assert.Equal(SeparatorModel.Default.Properties.Length, mixed.Trapped.Length);
        Assert.Equal(SeparatorModel.Default.Properties.Length, mixed.Profile.GetLength(0));

        // The granulocytes' volume in the profile is the inlet's, split or not (the solver conserves each population).
        var point = Cml(half);
        var cells = mixed.Profile.GetLength(1);
        var total = Enumerable.Range(0, cells).Sum(j => mixed.Profile[g, j]) / cells;
        Assert.Equal(point.InletFractions[g], total, point.InletFractions[g] * 1e-9);
    }

    [Fact]
    public void The_share_comes_from_the_differential_and_nearby_shares_use_one_cache()
    {
        var cache = new SeparatorCache(SeparatorModel.Default);
        Assert.Same(cache, cache.For(Diagnosis.Aml, Cml(0)));
        var forty = cache.For(Diagnosis.Cml, Cml(40));
        Assert.Equal(0.45, forty.Separator.ImmatureGranulocyteShare, 12); // 40 of 88 % granulocytes (neutrophils, eosinophils, basophils, immature), to 0.05
        Assert.Same(forty, cache.For(Diagnosis.Cml, Cml(41)));
        Assert.NotSame(forty, cache.For(Diagnosis.Cml, Cml(30)));

        // With the lineage's blasts too: an ALL patient's cache with immature granulocytes keeps the lymphoblasts.
        var all = cache.For(Diagnosis.All, Cml(40));
        Assert.Equal(CellType.Lymphoblast.DensityGramsPerMilliliter * 1000, all.Separator.Properties[(int)CellSpecies.Blasts].DensityKgPerM3, 9);
        Assert.Equal(0.45, all.Separator.ImmatureGranulocyteShare, 12);
    }

    [Fact]
    public void A_cml_depletion_removes_more_white_cells_when_its_granulocytes_are_immature()
    {
        // At WBC 80 the collect window is not full. At 300 it is, and the split hardly matters
        // (20.1 against 19.9 %): removal is then limited by what the collect flow carries.
        static double Reduction(string differential) =>
            new ProcedureEngine(Leuka.Tests.Procedure.ProcedureEngineTests.Load($$"""
            {
              "name": "CML", "seed": 1,
              "patient": { "sex": "male", "ageYears": 50, "height": "175 cm", "weight": "75 kg", "diagnosis": "cml",
                "labs": { "wbc": "80 x10^9/L", "hematocrit": "30 %", "platelets": "400 x10^9/L", "differential": {{differential}} } },
              "procedure": { "kind": "leukocyte-depletion", "inletFlow": "55 mL/min", "collectFlow": "3 mL/min", "stop": { "bloodVolumes": 1 },
                "access": "central-venous-catheter" }
            }
            """), Leuka.Tests.Procedure.ProcedureEngineTests.Shared).RunToEnd().Wbc.ReductionPercent;

        var immature = Reduction("""{ "neutrophils": "40 %", "immatureGranulocytes": "40 %", "blasts": "5 %", "basophils": "5 %", "eosinophils": "3 %", "lymphocytes": "4 %", "monocytes": "3 %" }""");
        var mature = Reduction("""{ "neutrophils": "80 %", "blasts": "5 %", "basophils": "5 %", "eosinophils": "3 %", "lymphocytes": "4 %", "monocytes": "3 %" }""");
        Assert.True(immature > mature + 1, $"WBC reduction {immature} % with immature granulocytes, {mature} % without");
    }
}
