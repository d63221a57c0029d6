using System.Globalization;
using System.Text.RegularExpressions;

namespace Leuka.Records;

/// <summary>A time as records and commands take it: it must say its offset (a time without one could be any of 26 hours).</summary>
public static partial class RecordTime
{
    /// <summary>The time, or null when it is not a date and time ending in <c>Z</c> or <c>±hh:mm</c>.</summary>
    public static DateTimeOffset? WithOffset(string text) =>
        text is not null && Offset().IsMatch(text) && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var t) ? t : null;

    /// <summary>What is wrong with <paramref name="text"/> and what would do.</summary>
    public static string Problem(string text) => $"\"{text}\" is not a time with its offset; write e.g. \"2026-11-02T07:10:00Z\" or \"2026-11-02T08:10:00+01:00\"";

    [GeneratedRegex(@"T.*(Z|[+-]\d\d:\d\d)$")]
    private static partial Regex Offset();
}
