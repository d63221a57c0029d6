using Leuka.Quantities;

namespace Leuka.Tests.Quantities;

public sealed class QuantityPartsTests
{
    [Theory]
    [InlineData("250 x10^9/L", "250", "x10^9/L")]
    [InlineData(" 1.20 mmol/L ", "1.20", "mmol/L")]
    [InlineData("15/uL", "15", "/uL")]
    [InlineData("-3.5e2 mL", "-3.5e2", "mL")]
    [InlineData(".5 L", ".5", "L")]
    public void A_quantity_splits_into_its_number_as_written_and_its_unit(string text, string number, string unit) =>
        Assert.Equal((number, unit), QuantityParts.Split(text));

    [Theory]
    [InlineData("")]
    [InlineData("kg")]
    [InlineData("70")]
    [InlineData(null)]
    public void Text_without_a_leading_number_or_without_a_unit_does_not_split(string? text) =>
        Assert.Null(QuantityParts.Split(text));
}
