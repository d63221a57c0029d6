namespace Leuka.Tools;

/// <summary>
/// Writes src/Leuka/Quantities/Quantities.g.cs: the members every quantity type shares. The
/// per-type parts (factories, unit table, cross-type operators) are handwritten in &lt;Type&gt;.cs.
/// Compiled into the test project: a test holds the checked-in file equal to <see cref="Generate"/>,
/// and <c>tools/generate-quantities</c> writes it (after adding a quantity type to <see cref="Types"/>).
/// </summary>
internal static class QuantitiesGenerator
{
    /// <summary>The file this generator writes, relative to the repository root.</summary>
    public const string OutputPath = "src/Leuka/Quantities/Quantities.g.cs";

    /// <summary>(type, canonical unit as printed, what one is, in words).</summary>
    public static readonly (string Type, string Unit, string What)[] Types =
    [
        ("Volume", "mL", "a volume"),
        ("VolumeFlow", "mL/min", "a volume flow"),
        ("Duration", "min", "a duration"),
        ("CellConcentration", "x10^9/L", "a cell concentration"),
        ("CellCount", "x10^9", "a cell count"),
        ("Fraction", "%", "a fraction"),
        ("Mass", "kg", "a mass"),
        ("Length", "cm", "a length"),
        ("SubstanceConcentration", "mmol/L", "a substance concentration"),
        ("SubstanceAmount", "mmol", "a substance amount"),
        ("SubstanceRate", "mmol/h", "a substance amount rate"),
        ("DosePerBodyMass", "x10^6/kg", "a cell dose per body mass"),
        ("FlowPerBloodVolume", "mL/min/L", "a flow per litre of blood volume"),
        ("RotationalSpeed", "rpm", "a rotational speed"),
        ("MassConcentration", "g/dL", "a mass concentration"),
        ("Activity", "IU", "an activity"),
        ("ActivityConcentration", "IU/mL", "an activity concentration"),
        ("ActivityPerBodyMass", "IU/kg", "an activity per body mass"),
    ];

    private const string Template = """

[DebuggerDisplay("{ToString(),nq}")]
public readonly partial struct $T$ : IQuantity<$T$>
{
    private readonly double _value;

    private $T$(double canonicalValue) => _value = canonicalValue;

    /// <summary>Zero; also the value of <c>default</c>.</summary>
    public static $T$ Zero => default;

    /// <summary>The unit <see cref="ToString()"/> prints and <see cref="CanonicalValue"/> is in: $unit$.</summary>
    public static string CanonicalUnit => "$unit$";

    /// <summary>The value in $unit$.</summary>
    public double CanonicalValue => _value;

    /// <summary>Creates $what$ from a finite value in $unit$.</summary>
    public static $T$ FromCanonical(double value) => new(Preconditions.Finite(value, nameof(value)));

    /// <summary>Parses $what$ written as <c>"&lt;number&gt; &lt;unit&gt;"</c>; failures come back as results.</summary>
    public static ParseResult<$T$> Parse(string? text) => QuantityText.Parse<$T$>(text, Units);

    /// <summary>The value in $unit$, with the unit, invariant culture; parses back to the same value.</summary>
    public override string ToString() => QuantityText.Format(_value, CanonicalUnit);

    /// <inheritdoc/>
    public bool Equals($T$ other) => _value.Equals(other._value);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is $T$ other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => _value.GetHashCode();

    /// <inheritdoc/>
    public int CompareTo($T$ other) => _value.CompareTo(other._value);

    /// <inheritdoc/>
    public int CompareTo(object? obj) => obj switch
    {
        null => 1,
        $T$ other => CompareTo(other),
        _ => throw new ArgumentException($"Expected $T$, got {obj.GetType().Name}.", nameof(obj)),
    };

    /// <summary>The larger of two values.</summary>
    public static $T$ Max($T$ a, $T$ b) => a._value >= b._value ? a : b;

    /// <summary>The smaller of two values.</summary>
    public static $T$ Min($T$ a, $T$ b) => a._value <= b._value ? a : b;

    /// <summary>Equality.</summary>
    public static bool operator ==($T$ left, $T$ right) => left.Equals(right);
    /// <summary>Inequality.</summary>
    public static bool operator !=($T$ left, $T$ right) => !left.Equals(right);
    /// <summary>Less than.</summary>
    public static bool operator <($T$ left, $T$ right) => left._value < right._value;
    /// <summary>Greater than.</summary>
    public static bool operator >($T$ left, $T$ right) => left._value > right._value;
    /// <summary>Less than or equal.</summary>
    public static bool operator <=($T$ left, $T$ right) => left._value <= right._value;
    /// <summary>Greater than or equal.</summary>
    public static bool operator >=($T$ left, $T$ right) => left._value >= right._value;
    /// <summary>Sum of two values of the same kind.</summary>
    public static $T$ operator +($T$ left, $T$ right) => new(left._value + right._value);
    /// <summary>Difference of two values of the same kind.</summary>
    public static $T$ operator -($T$ left, $T$ right) => new(left._value - right._value);
    /// <summary>Negation.</summary>
    public static $T$ operator -($T$ value) => new(-value._value);
    /// <summary>Scaling by a pure number.</summary>
    public static $T$ operator *($T$ value, double factor) => new(value._value * factor);
    /// <summary>Scaling by a pure number.</summary>
    public static $T$ operator *(double factor, $T$ value) => new(value._value * factor);
    /// <summary>Division by a pure number.</summary>
    public static $T$ operator /($T$ value, double divisor) => new(value._value / divisor);
    /// <summary>The ratio of two values of the same kind: a pure number.</summary>
    public static double operator /($T$ left, $T$ right) => left._value / right._value;
}
""";

    /// <summary>The generated file's text.</summary>
    public static string Generate()
    {
        var parts = new List<string>
        {
            "// <auto-generated>by tools/QuantitiesGenerator.cs (run tools/generate-quantities); edit the generator, not this file.</auto-generated>",
            "#nullable enable",
            "using System.Diagnostics;",
            "",
            "namespace Leuka.Quantities;",
        };
        foreach (var (type, unit, what) in Types)
        {
            parts.Add(Template.Replace("$T$", type, StringComparison.Ordinal).Replace("$unit$", unit, StringComparison.Ordinal).Replace("$what$", what, StringComparison.Ordinal).TrimEnd() + "\n");
        }

        return string.Join("\n", parts);
    }
}
