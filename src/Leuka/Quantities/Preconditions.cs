using System.Globalization;
using System.Runtime.CompilerServices;

namespace Leuka.Quantities;

/// <summary>
/// Argument checks for public factories: every exception names the parameter, the value and what is
/// allowed. Hot internal paths take validated values and use <c>Debug.Assert</c> instead.
/// </summary>
internal static class Preconditions
{
    public static double Finite(double value, [CallerArgumentExpression(nameof(value))] string? name = null)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be a finite number, not {value.ToString(CultureInfo.InvariantCulture)}.");
        }

        return value;
    }

    public static double InRange(double value, double min, double max, [CallerArgumentExpression(nameof(value))] string? name = null)
    {
        if (!(value >= min && value <= max))
        {
            throw new ArgumentOutOfRangeException(
                name,
                value,
                string.Create(CultureInfo.InvariantCulture, $"{name} must be between {min} and {max}, not {value}."));
        }

        return value;
    }

    public static double Positive(double value, [CallerArgumentExpression(nameof(value))] string? name = null)
    {
        if (!(value > 0) || !double.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(
                name,
                value,
                string.Create(CultureInfo.InvariantCulture, $"{name} must be a finite number above 0, not {value}."));
        }

        return value;
    }
}
