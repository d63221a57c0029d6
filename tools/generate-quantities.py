#!/usr/bin/env python3
"""Writes src/Leuka/Quantities/Quantities.g.cs: the members every quantity shares.

Run after adding a quantity type: python3 tools/generate-quantities.py
The per-type parts (factories, unit table, cross-type operators) are handwritten in <Type>.cs.
"""
import pathlib

# (type, canonical unit as printed, what one is, in words)
TYPES = [
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
]

TEMPLATE = '''
[DebuggerDisplay("{{ToString(),nq}}")]
public readonly partial struct {T} : IQuantity<{T}>
{{
    private readonly double _value;

    private {T}(double canonicalValue) => _value = canonicalValue;

    /// <summary>Zero; also the value of <c>default</c>.</summary>
    public static {T} Zero => default;

    /// <summary>The unit <see cref="ToString()"/> prints and <see cref="CanonicalValue"/> is in: {unit}.</summary>
    public static string CanonicalUnit => "{unit}";

    /// <summary>The value in {unit}.</summary>
    public double CanonicalValue => _value;

    /// <summary>Creates {what} from a finite value in {unit}.</summary>
    public static {T} FromCanonical(double value) => new(Preconditions.Finite(value, nameof(value)));

    /// <summary>Parses {what} written as <c>"&lt;number&gt; &lt;unit&gt;"</c>; failures come back as results.</summary>
    public static ParseResult<{T}> Parse(string? text) => QuantityText.Parse<{T}>(text, Units);

    /// <summary>The value in {unit}, with the unit, invariant culture; parses back to the same value.</summary>
    public override string ToString() => QuantityText.Format(_value, CanonicalUnit);

    /// <inheritdoc/>
    public bool Equals({T} other) => _value.Equals(other._value);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is {T} other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => _value.GetHashCode();

    /// <inheritdoc/>
    public int CompareTo({T} other) => _value.CompareTo(other._value);

    /// <inheritdoc/>
    public int CompareTo(object? obj) => obj switch
    {{
        null => 1,
        {T} other => CompareTo(other),
        _ => throw new ArgumentException($"Expected {T}, got {{obj.GetType().Name}}.", nameof(obj)),
    }};

    /// <summary>The larger of two values.</summary>
    public static {T} Max({T} a, {T} b) => a._value >= b._value ? a : b;

    /// <summary>The smaller of two values.</summary>
    public static {T} Min({T} a, {T} b) => a._value <= b._value ? a : b;

    /// <summary>Equality.</summary>
    public static bool operator ==({T} left, {T} right) => left.Equals(right);
    /// <summary>Inequality.</summary>
    public static bool operator !=({T} left, {T} right) => !left.Equals(right);
    /// <summary>Less than.</summary>
    public static bool operator <({T} left, {T} right) => left._value < right._value;
    /// <summary>Greater than.</summary>
    public static bool operator >({T} left, {T} right) => left._value > right._value;
    /// <summary>Less than or equal.</summary>
    public static bool operator <=({T} left, {T} right) => left._value <= right._value;
    /// <summary>Greater than or equal.</summary>
    public static bool operator >=({T} left, {T} right) => left._value >= right._value;
    /// <summary>Sum of two values of the same kind.</summary>
    public static {T} operator +({T} left, {T} right) => new(left._value + right._value);
    /// <summary>Difference of two values of the same kind.</summary>
    public static {T} operator -({T} left, {T} right) => new(left._value - right._value);
    /// <summary>Negation.</summary>
    public static {T} operator -({T} value) => new(-value._value);
    /// <summary>Scaling by a pure number.</summary>
    public static {T} operator *({T} value, double factor) => new(value._value * factor);
    /// <summary>Scaling by a pure number.</summary>
    public static {T} operator *(double factor, {T} value) => new(value._value * factor);
    /// <summary>Division by a pure number.</summary>
    public static {T} operator /({T} value, double divisor) => new(value._value / divisor);
    /// <summary>The ratio of two values of the same kind: a pure number.</summary>
    public static double operator /({T} left, {T} right) => left._value / right._value;
}}
'''

out = ['// <auto-generated>by tools/generate-quantities.py; edit the script, not this file.</auto-generated>',
       '#nullable enable',
       'using System.Diagnostics;',
       '',
       'namespace Leuka.Quantities;']
for t, unit, what in TYPES:
    out.append(TEMPLATE.format(T=t, unit=unit, what=what).rstrip() + '\n')
path = pathlib.Path(__file__).resolve().parent.parent / 'src/Leuka/Quantities/Quantities.g.cs'
path.write_text('\n'.join(out))
print(f'wrote {path}')
