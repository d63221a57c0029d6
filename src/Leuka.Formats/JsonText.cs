using System.Globalization;

namespace Leuka.Formats;

/// <summary>Checks on raw JSON text before it is parsed.</summary>
internal static class JsonText
{
    // A lone surrogate, raw or as a \u escape, cannot become a string: find the first one.
    public static (int Line, int Column)? LoneSurrogate(string json)
    {
        var line = 1;
        var lineStart = 0;
        for (var i = 0; i < json.Length; i++)
        {
            var c = json[i];
            if (c == '\n')
            {
                line++;
                lineStart = i + 1;
                continue;
            }

            if (char.IsHighSurrogate(c) && (i + 1 >= json.Length || !char.IsLowSurrogate(json[i + 1])))
            {
                return (line, i - lineStart + 1);
            }

            if (char.IsLowSurrogate(c) && (i == 0 || !char.IsHighSurrogate(json[i - 1])))
            {
                return (line, i - lineStart + 1);
            }

            if (c == '\\' && i + 5 < json.Length && json[i + 1] == 'u' && ushort.TryParse(json.AsSpan(i + 2, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var code))
            {
                var unit = (char)code;
                var next = i + 11 < json.Length && json[i + 6] == '\\' && json[i + 7] == 'u' && ushort.TryParse(json.AsSpan(i + 8, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var n) ? (char?)n : null;
                if (char.IsHighSurrogate(unit) && !(next is { } low && char.IsLowSurrogate(low)))
                {
                    return (line, i - lineStart + 1);
                }

                if (char.IsLowSurrogate(unit) && !(i >= 6 && json[i - 6] == '\\' && json[i - 5] == 'u' && ushort.TryParse(json.AsSpan(i - 4, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var p) && char.IsHighSurrogate((char)p)))
                {
                    return (line, i - lineStart + 1);
                }

                i += 5;
            }
            else if (c == '\\')
            {
                i++;
            }
        }

        return null;
    }
}
