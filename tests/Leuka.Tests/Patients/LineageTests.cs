using Leuka.Patients;
using Leuka.Quantities;
using Leuka.Separation;

namespace Leuka.Tests.Patients;

public sealed class LineageTests
{
    [Fact]
    public void An_all_patients_blasts_are_lymphoblasts_in_the_separator_and_the_leukocrit()
    {
        var cache = new SeparatorCache(SeparatorModel.Default);
        var all = cache.For(Diagnosis.All);
        Assert.NotSame(cache, all);
        Assert.Same(all, cache.For(Diagnosis.All));
        Assert.Same(cache, cache.For(Diagnosis.Aml));
        Assert.Equal(CellType.Lymphoblast.DensityGramsPerMilliliter * 1000, all.Separator.Properties[(int)CellSpecies.Blasts].DensityKgPerM3, 9);
        Assert.Equal(CellType.Blast.DensityGramsPerMilliliter * 1000, cache.Separator.Properties[(int)CellSpecies.Blasts].DensityKgPerM3, 9);

        // Every other species, and the channel, stay as they are.
        for (var i = 0; i < all.Separator.Properties.Length; i++)
        {
            if (i != (int)CellSpecies.Blasts)
            {
                Assert.Equal(cache.Separator.Properties[i], all.Separator.Properties[i]);
            }
        }

        Assert.Equal(cache.Separator.Geometry, all.Separator.Geometry);
        var blasts = new Differential(Fraction.Zero, Fraction.Zero, Fraction.Zero, Fraction.Zero, Fraction.Zero, Fraction.FromPercent(100), Fraction.Zero);
        var wbc = CellConcentration.FromE9PerLiter(400);
        Assert.Equal(400 * CellType.Lymphoblast.VolumeFemtoliters * 1e-6, PatientAssessment.LeukocritOf(wbc, blasts, Diagnosis.All), 12);
        Assert.Equal(400 * CellType.Blast.VolumeFemtoliters * 1e-6, PatientAssessment.LeukocritOf(wbc, blasts, Diagnosis.Aml), 12);
    }
}
