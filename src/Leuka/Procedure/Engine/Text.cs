using System.Globalization;

namespace Leuka.Procedure;

/// <summary>Messages are formatted the same on every machine.</summary>
internal static class Text
{
    public static string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
