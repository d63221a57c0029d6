namespace Leuka.Quantities;

/// <summary>
/// A quantity as written, <c>"&lt;number&gt; &lt;unit&gt;"</c>, split where every quantity reader
/// splits it, for code that must keep the number's own text or the unit as written (the FHIR
/// export keeps "1.20" and "x10^9/L"; a cohort file's range keeps its unit to write values back).
/// </summary>
public static class QuantityParts
{
    /// <summary>
    /// Text as an error message echoes it: invisible characters escaped, a long value cut to its
    /// first 40 characters with its length (the readers' own rule, for callers above the domain).
    /// </summary>
    public static string Shown(string? text) => QuantityText.Show(text);

    /// <summary>The number's text and the unit's text, or null when there is no leading number or no unit.</summary>
    public static (string Number, string Unit)? Split(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var span = text.AsSpan().Trim();
        var length = QuantityText.NumberLength(span);
        var unit = span[length..].Trim();
        return length == 0 || unit.IsEmpty ? null : (span[..length].ToString(), unit.ToString());
    }
}
