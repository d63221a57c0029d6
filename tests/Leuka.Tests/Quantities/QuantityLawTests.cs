using Leuka.Quantities;

namespace Leuka.Tests.Quantities;

public sealed class QuantityLawTests
{
    [Fact] public void Volume_obeys_the_laws() => QuantityLaws.Check<Volume>();
    [Fact] public void VolumeFlow_obeys_the_laws() => QuantityLaws.Check<VolumeFlow>();
    [Fact] public void Duration_obeys_the_laws() => QuantityLaws.Check<Duration>();
    [Fact] public void CellConcentration_obeys_the_laws() => QuantityLaws.Check<CellConcentration>();
    [Fact] public void CellCount_obeys_the_laws() => QuantityLaws.Check<CellCount>();
    [Fact] public void Fraction_obeys_the_laws() => QuantityLaws.Check<Fraction>();
    [Fact] public void Mass_obeys_the_laws() => QuantityLaws.Check<Mass>();
    [Fact] public void Length_obeys_the_laws() => QuantityLaws.Check<Length>();
    [Fact] public void SubstanceConcentration_obeys_the_laws() => QuantityLaws.Check<SubstanceConcentration>();
    [Fact] public void SubstanceAmount_obeys_the_laws() => QuantityLaws.Check<SubstanceAmount>();
    [Fact] public void SubstanceRate_obeys_the_laws() => QuantityLaws.Check<SubstanceRate>();
    [Fact] public void DosePerBodyMass_obeys_the_laws() => QuantityLaws.Check<DosePerBodyMass>();
    [Fact] public void FlowPerBloodVolume_obeys_the_laws() => QuantityLaws.Check<FlowPerBloodVolume>();
    [Fact] public void RotationalSpeed_obeys_the_laws() => QuantityLaws.Check<RotationalSpeed>();
    [Fact] public void MassConcentration_obeys_the_laws() => QuantityLaws.Check<MassConcentration>();
    [Fact] public void Activity_obeys_the_laws() => QuantityLaws.Check<Activity>();
    [Fact] public void ActivityConcentration_obeys_the_laws() => QuantityLaws.Check<ActivityConcentration>();
    [Fact] public void ActivityPerBodyMass_obeys_the_laws() => QuantityLaws.Check<ActivityPerBodyMass>();

    [Fact]
    public void Every_quantity_type_in_the_library_is_checked_here()
    {
        var checkedTypes = typeof(QuantityLawTests).GetMethods()
            .Where(m => m.Name.EndsWith("_obeys_the_laws", StringComparison.Ordinal))
            .Select(m => m.Name.Split('_')[0])
            .ToHashSet();
        var quantityTypes = typeof(Volume).Assembly.GetTypes()
            .Where(t => t.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IQuantity<>)))
            .Select(t => t.Name);
        Assert.Empty(quantityTypes.Except(checkedTypes));
    }

    [Fact]
    public void Factories_reject_non_finite_values_naming_the_parameter()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Volume.FromMilliliters(double.NaN));
        Assert.Equal("value", e.ParamName);
        Assert.Contains("finite", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => Duration.FromMinutes(double.PositiveInfinity));
    }
}
