using Leuka.Quantities;
using Leuka.Separation;

namespace Leuka.Tests.Separation;

public sealed class SeparatorCacheTests
{
    private static OperatingPoint Point(double hct, double inlet) => new(
        OperatingPoint.Fractions(Fraction.FromPercent(hct), [.. new[] { 4.2, 2.1, 0.42, 0, 0.02, 250 }.Select(CellConcentration.FromE9PerLiter)], 12, SeparatorModel.Default.Properties),
        RotationalSpeed.FromRevolutionsPerMinute(2400),
        VolumeFlow.FromMillilitersPerMinute(inlet),
        VolumeFlow.FromMillilitersPerMinute(1),
        0,
        CollectionMode.Continuous);

    [Fact]
    public void A_repeated_query_is_answered_from_the_cache()
    {
        var cache = new SeparatorCache(SeparatorModel.Default);
        var first = cache.Solve(Point(40, 60));
        var second = cache.Solve(Point(40, 60));
        Assert.Same(first, second);
        Assert.Equal(1, cache.Count);
    }

    [Fact]
    public void Nearby_points_share_a_result_and_order_of_queries_does_not_matter()
    {
        var forward = new SeparatorCache(SeparatorModel.Default);
        var a = forward.Solve(Point(40, 60));
        var b = forward.Solve(Point(40.01, 60.01));
        Assert.Same(a, b);

        var backward = new SeparatorCache(SeparatorModel.Default);
        var c = backward.Solve(Point(40.01, 60.01));
        Assert.Equal(a.ToCollect, c.ToCollect);
        Assert.Equal(a.ProductHematocrit, c.ProductHematocrit);
    }

    [Fact]
    public void The_answer_is_the_solve_of_the_quantized_point_close_to_the_query()
    {
        var cache = new SeparatorCache(SeparatorModel.Default);
        var query = Point(33, 47);
        var quantized = cache.Quantize(query);
        Assert.Equal(query.InletFlow.MillilitersPerMinute, quantized.InletFlow.MillilitersPerMinute, 47 * 0.003);
        for (var i = 0; i < query.InletFractions.Length; i++)
        {
            Assert.Equal(query.InletFractions[i], quantized.InletFractions[i], query.InletFractions[i] * 0.011);
        }

        Assert.Equal(SeparatorModel.Default.Solve(quantized).ToCollect, cache.Solve(query).ToCollect);
        Assert.NotEqual(cache.Solve(Point(33, 47)).ToCollect, cache.Solve(Point(33, 80)).ToCollect);
    }

    [Fact]
    public void A_new_collect_flow_or_offset_reuses_the_settled_channel()
    {
        var cache = new SeparatorCache(SeparatorModel.Default);
        var point = Point(40, 60);
        var a = cache.Solve(point);
        var b = cache.Solve(point with { CollectFlow = VolumeFlow.FromMillilitersPerMinute(2), InterfaceOffset = 0.1 });
        Assert.Equal(2, cache.Count);
        Assert.Equal(1, cache.Settled);
        Assert.NotEqual(a.ToCollect, b.ToCollect);
        Assert.Equal(SeparatorModel.Default.Solve(cache.Quantize(point with { CollectFlow = VolumeFlow.FromMillilitersPerMinute(2), InterfaceOffset = 0.1 })).ToCollect, b.ToCollect);
    }
}
