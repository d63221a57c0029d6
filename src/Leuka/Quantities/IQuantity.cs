using System.Numerics;

namespace Leuka.Quantities;

/// <summary>
/// A physical quantity held as one finite <see cref="double"/> in its kind's canonical unit, which is
/// also the unit it prints. Implemented by every value type in this folder so that parsing,
/// formatting and the algebraic laws are written and tested once.
/// </summary>
/// <typeparam name="TSelf">The quantity type itself.</typeparam>
public interface IQuantity<TSelf> :
    IEquatable<TSelf>,
    IComparable<TSelf>,
    IComparable,
    IEqualityOperators<TSelf, TSelf, bool>,
    IComparisonOperators<TSelf, TSelf, bool>,
    IAdditionOperators<TSelf, TSelf, TSelf>,
    ISubtractionOperators<TSelf, TSelf, TSelf>,
    IUnaryNegationOperators<TSelf, TSelf>
    where TSelf : struct, IQuantity<TSelf>
{
    /// <summary>The value in the canonical unit.</summary>
    double CanonicalValue { get; }

    /// <summary>The canonical unit, as printed.</summary>
    static abstract string CanonicalUnit { get; }

    /// <summary>Creates a value from a finite number in the canonical unit.</summary>
    static abstract TSelf FromCanonical(double value);

    /// <summary>Parses <c>"&lt;number&gt; &lt;unit&gt;"</c> in any unit this kind accepts.</summary>
    static abstract ParseResult<TSelf> Parse(string? text);

    /// <summary>The accepted units of this kind.</summary>
    static abstract UnitSet Units { get; }
}
