using CsCheck;
using Leuka.Quantities;

namespace Leuka.Tests.Quantities;

/// <summary>Equality, ordering, operator and text laws, written once and checked for every quantity type.</summary>
internal static class QuantityLaws
{
    // Magnitudes a quantity meets in practice and far beyond; sums stay finite.
    private static readonly Gen<double> Values = Gen.OneOf(
        Gen.Double[-1e12, 1e12],
        Gen.Double[-1, 1],
        Gen.Int[-1000, 1000].Select(i => (double)i));

    public static void Check<T>()
        where T : struct, IQuantity<T>
    {
        EqualityAndHash<T>();
        Ordering<T>();
        Operators<T>();
        FormatParseRoundTrip<T>();
        EveryUnitRoundTrips<T>();
    }

    private static void EqualityAndHash<T>()
        where T : struct, IQuantity<T>
    {
        Gen.Select(Values, Values).Sample((x, y) =>
        {
            T a = T.FromCanonical(x), b = T.FromCanonical(y), a2 = T.FromCanonical(x);
            Assert.True(a.Equals(a2) && a == a2 && !(a != a2));
            Assert.Equal(a.GetHashCode(), a2.GetHashCode());
            Assert.Equal(a.Equals(b), b.Equals(a));
            Assert.Equal(x == y, a == b);
            Assert.False(a.Equals((object?)null));
            Assert.True(a.Equals((object)a2));
        });
        Assert.Equal(default, T.FromCanonical(0));
    }

    private static void Ordering<T>()
        where T : struct, IQuantity<T>
    {
        Gen.Select(Values, Values, Values).Sample((x, y, z) =>
        {
            T a = T.FromCanonical(x), b = T.FromCanonical(y), c = T.FromCanonical(z);
            Assert.Equal(Math.Sign(x.CompareTo(y)), Math.Sign(a.CompareTo(b)));
            Assert.Equal(-Math.Sign(a.CompareTo(b)), Math.Sign(b.CompareTo(a)));
            Assert.Equal(x < y, a < b);
            Assert.Equal(x <= y, a <= b);
            Assert.Equal(x > y, a > b);
            Assert.Equal(x >= y, a >= b);
            if (a <= b && b <= c)
            {
                Assert.True(a <= c);
            }

            Assert.Equal(Math.Sign(a.CompareTo(b)), Math.Sign(((IComparable)a).CompareTo(b)));
        });
        Assert.Equal(1, ((IComparable)T.FromCanonical(1)).CompareTo(null));
        Assert.Throws<ArgumentException>(() => ((IComparable)T.FromCanonical(1)).CompareTo("1"));
    }

    private static void Operators<T>()
        where T : struct, IQuantity<T>
    {
        Gen.Select(Values, Values).Sample((x, y) =>
        {
            T a = T.FromCanonical(x), b = T.FromCanonical(y);
            Assert.Equal(a + b, b + a);
            Assert.Equal(a, a + default(T));
            Assert.Equal(a, -(-a));
            Assert.Equal(x - y, (a - b).CanonicalValue);
            Assert.Equal(default(T), a - a);
            Assert.Equal(x + y, (a + b).CanonicalValue);
            Assert.Equal(-x, (-a).CanonicalValue);
        });
    }

    private static void FormatParseRoundTrip<T>()
        where T : struct, IQuantity<T>
    {
        Values.Sample(x =>
        {
            var a = T.FromCanonical(x);
            var text = a.ToString()!;
            Assert.EndsWith(" " + T.CanonicalUnit, text, StringComparison.Ordinal);
            var parsed = T.Parse(text);
            Assert.True(parsed.Success, parsed.Error);
            Assert.Equal(a, parsed.Value);
        });
    }

    // Text in any accepted unit parses to the number times that unit's factor (relative 1e-15).
    private static void EveryUnitRoundTrips<T>()
        where T : struct, IQuantity<T>
    {
        var units = T.Units.Symbols;
        Gen.Select(Gen.Double[-1e9, 1e9], Gen.Int[0, units.Count - 1]).Sample((x, i) =>
        {
            var symbol = units[i];
            Assert.True(T.Units.TryGetFactor(symbol, out var factor));
            var parsed = T.Parse(x.ToString("R", System.Globalization.CultureInfo.InvariantCulture) + " " + symbol);
            Assert.True(parsed.Success, parsed.Error);
            Assert.Equal(x * factor, parsed.Value.CanonicalValue, Math.Abs(x * factor) * 1e-15);
        });
    }
}
