using System.Collections.Frozen;
using System.Text;

namespace Leuka.Quantities;

/// <summary>
/// The units one kind of quantity accepts, each with its factor to the canonical unit. Matching is
/// case-insensitive and ignores spaces; <c>×</c> and <c>*</c> may stand for <c>x</c> and <c>^</c>
/// in powers of ten, <c>µ</c> for <c>u</c>.
/// </summary>
public sealed class UnitSet
{
    private readonly FrozenDictionary<string, double> _factors;
    private readonly FrozenDictionary<string, string> _needsContext;

    /// <summary>Creates a unit set.</summary>
    /// <param name="kind">The kind in words, e.g. "volume flow".</param>
    /// <param name="example">A valid example, e.g. "60 mL/min".</param>
    /// <param name="units">Each unit as clinicians write it, with how many canonical units one of it is.</param>
    /// <param name="needsContext">Units that exist for this kind but need more information, with what to say.</param>
    public UnitSet(string kind, string example, IReadOnlyList<(string Symbol, double Factor)> units, IReadOnlyDictionary<string, string>? needsContext = null)
    {
        ArgumentNullException.ThrowIfNull(units);
        Kind = kind;
        Example = example;
        Symbols = units.Select(u => u.Symbol).ToArray();
        // Case-insensitive keys let "mL/min" and "x10^9/L" match without building a folded copy.
        _factors = units.ToFrozenDictionary(u => Normalize(u.Symbol), u => u.Factor, StringComparer.OrdinalIgnoreCase);
        _needsContext = (needsContext ?? new Dictionary<string, string>())
            .ToFrozenDictionary(p => Normalize(p.Key), p => p.Value, StringComparer.Ordinal);
    }

    /// <summary>The kind in words, e.g. "volume flow".</summary>
    public string Kind { get; }

    /// <summary>A valid example, e.g. "60 mL/min".</summary>
    public string Example { get; }

    /// <summary>The accepted units as clinicians write them.</summary>
    public IReadOnlyList<string> Symbols { get; }

    /// <summary>Looks up a unit written in any accepted notation.</summary>
    public bool TryGetFactor(ReadOnlySpan<char> unit, out double factor) =>
        _factors.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(NormalizeIfNeeded(unit), out factor);

    internal bool TryGetContextHint(string normalizedUnit, out string hint) =>
        _needsContext.TryGetValue(normalizedUnit, out hint!);

    internal bool Accepts(string normalizedUnit) => _factors.ContainsKey(normalizedUnit);

    /// <summary>The unit folded to its matching key: lower case, no spaces, × → x, µ → u, 10* → 10^.</summary>
    public static string Normalize(ReadOnlySpan<char> unit)
    {
        var sb = new StringBuilder(unit.Length);
        foreach (var c in unit)
        {
            switch (c)
            {
                case ' ' or '\t' or '\u00A0' or '\u202F':
                    break;
                case '×' or '·':
                    sb.Append('x');
                    break;
                case 'µ' or 'μ':
                    sb.Append('u');
                    break;
                default:
                    sb.Append(char.ToLowerInvariant(c));
                    break;
            }
        }

        // "10*9/L" is UCUM's way of writing 10^9/L.
        return sb.Replace("10*", "10^").ToString();
    }

    // The common case (ASCII without spaces or UCUM stars) skips the allocation.
    private static ReadOnlySpan<char> NormalizeIfNeeded(ReadOnlySpan<char> unit)
    {
        foreach (var c in unit)
        {
            if (c is ' ' or '*' or '\t' or > '\u007F')
            {
                return Normalize(unit);
            }
        }

        return unit;
    }
}
