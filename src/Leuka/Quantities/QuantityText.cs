using System.Globalization;

namespace Leuka.Quantities;

/// <summary>Parsing and formatting shared by every quantity: <c>"&lt;number&gt; &lt;unit&gt;"</c>, invariant culture.</summary>
internal static class QuantityText
{
    // Every kind, so an error can say "mL is a volume, not a volume flow".
    private static readonly Lazy<UnitSet[]> AllKinds = new(() =>
    [
        Volume.Units, VolumeFlow.Units, Duration.Units, CellConcentration.Units, CellCount.Units,
        Fraction.Units, Mass.Units, Length.Units, SubstanceConcentration.Units, SubstanceAmount.Units,
        SubstanceRate.Units, DosePerBodyMass.Units, FlowPerBloodVolume.Units, RotationalSpeed.Units,
        MassConcentration.Units,
    ]);

    public static ParseResult<T> Parse<T>(string? text, UnitSet units)
        where T : struct, IQuantity<T>
    {
        if (!TrySplit(text, units, out var number, out var unit, out var error))
        {
            return ParseResult<T>.Fail(error);
        }

        double canonical;
        if (units.TryGetFactor(unit, out var factor))
        {
            canonical = number * factor;
        }
        else if (TryCompound(text!, units, out var compound))
        {
            canonical = compound;
        }
        else
        {
            return ParseResult<T>.Fail(UnknownUnit(text!, unit.ToString(), units));
        }

        if (!double.IsFinite(canonical))
        {
            return ParseResult<T>.Fail($"\"{Show(text)}\" is too large to represent; write {units.Kind} of a realistic size, e.g. \"{units.Example}\"");
        }

        return ParseResult<T>.Ok(T.FromCanonical(canonical));
    }

    // Two parts in units of the same kind, the larger first: "5 ft 10 in", "1 h 30 min".
    private static bool TryCompound(string text, UnitSet units, out double canonical)
    {
        canonical = 0;
        var m = System.Text.RegularExpressions.Regex.Match(text, @"^\s*(\d+(?:\.\d+)?)\s*([^\d\s][^\d]*?)\s+(\d+(?:\.\d+)?)\s*([^\d\s].*?)\s*$", System.Text.RegularExpressions.RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        if (!m.Success
            || !units.TryGetFactor(m.Groups[2].Value, out var big)
            || !units.TryGetFactor(m.Groups[4].Value, out var small)
            || small >= big)
        {
            return false;
        }

        canonical = (double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) * big) + (double.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture) * small);
        return double.IsFinite(canonical);
    }

    /// <summary>
    /// Text as a message shows it: invisible and control characters (a right-to-left mark, a
    /// zero-width space, a byte-order mark) as \uXXXX escapes, and a long value cut to its first 40
    /// characters with its length, so a message never hides or floods what was written.
    /// </summary>
    public static string Show(string? text)
    {
        if (text is null)
        {
            return "";
        }

        var cut = text.Length > 60 ? text[..40] : text;
        var sb = new System.Text.StringBuilder(cut.Length);
        foreach (var c in cut)
        {
            var category = char.GetUnicodeCategory(c);
            if (char.IsControl(c) || category is UnicodeCategory.Format or UnicodeCategory.Surrogate or UnicodeCategory.OtherNotAssigned or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator || (c != ' ' && char.IsWhiteSpace(c)))
            {
                sb.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}");
            }
            else
            {
                sb.Append(c);
            }
        }

        return cut.Length < text.Length ? sb.Append(CultureInfo.InvariantCulture, $"… ({text.Length} characters)").ToString() : sb.ToString();
    }

    public static string Format(double value, string unit) =>
        value.ToString("R", CultureInfo.InvariantCulture) + " " + unit;

    /// <summary>Splits text into a finite number and the unit text after it.</summary>
    public static bool TrySplit(string? text, UnitSet units, out double number, out ReadOnlySpan<char> unit, out string error)
    {
        number = 0;
        unit = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = $"is empty; write {units.Kind} with its unit, e.g. \"{units.Example}\"";
            return false;
        }

        var span = text.AsSpan().Trim();
        var length = NumberLength(span);
        if (length == 0)
        {
            error = $"\"{Show(text)}\" does not start with a number; write {units.Kind} as \"<number> <unit>\", e.g. \"{units.Example}\"";
            return false;
        }

        if (!double.TryParse(span[..length], NumberStyles.Float, CultureInfo.InvariantCulture, out number) || !double.IsFinite(number))
        {
            error = $"\"{Show(text)}\" is not a finite number; write {units.Kind} of a realistic size, e.g. \"{units.Example}\"";
            return false;
        }

        unit = span[length..].Trim();
        if (unit.IsEmpty)
        {
            error = $"\"{Show(text)}\" has no unit; write e.g. \"{units.Example}\" (units: {string.Join(", ", units.Symbols)})";
            return false;
        }

        error = string.Empty;
        return true;
    }

    private static string UnknownUnit(string text, string unit, UnitSet units)
    {
        var normalized = UnitSet.Normalize(unit);
        if (units.TryGetContextHint(normalized, out var hint))
        {
            return $"\"{Show(text)}\": {hint}";
        }

        var otherKind = AllKinds.Value.FirstOrDefault(k => !ReferenceEquals(k, units) && k.Accepts(normalized));
        var what = otherKind is null
            ? $"unit \"{Show(unit)}\" is not known"
            : $"\"{Show(unit)}\" is a unit of {otherKind.Kind}, not of {units.Kind}";
        return $"\"{Show(text)}\": {what}; write {units.Kind} e.g. \"{units.Example}\" (units: {string.Join(", ", units.Symbols)})";
    }

    // Digits, one optional decimal point, an optional exponent: "1.5e3". A sign may lead.
    internal static int NumberLength(ReadOnlySpan<char> s)
    {
        var i = 0;
        if (i < s.Length && (s[i] == '-' || s[i] == '+'))
        {
            i++;
        }

        var digits = 0;
        while (i < s.Length && char.IsAsciiDigit(s[i]))
        {
            i++;
            digits++;
        }

        if (i < s.Length && s[i] == '.')
        {
            i++;
            while (i < s.Length && char.IsAsciiDigit(s[i]))
            {
                i++;
                digits++;
            }
        }

        if (digits == 0)
        {
            return 0;
        }

        // An exponent only when digits follow: "5 e" is not a number with an exponent.
        if (i < s.Length && (s[i] == 'e' || s[i] == 'E'))
        {
            var j = i + 1;
            if (j < s.Length && (s[j] == '-' || s[j] == '+'))
            {
                j++;
            }

            var start = j;
            while (j < s.Length && char.IsAsciiDigit(s[j]))
            {
                j++;
            }

            if (j > start)
            {
                i = j;
            }
        }

        return i;
    }
}
