using Leuka.Quantities;
using Leuka.Scenarios;

namespace Leuka.Records;

/// <summary>
/// A laboratory analyte the store accepts: its LOINC code, the unit it is stored in, and how a
/// value with its unit is read. A value is converted exactly from any unit of the right kind and
/// refused otherwise: a unit is never guessed. Codes and where they were checked: docs/records.md.
/// </summary>
/// <param name="Name">The name used in record files and the scenario's <c>patient.labs</c>.</param>
/// <param name="Loinc">LOINC code.</param>
/// <param name="Unit">The unit values are stored in.</param>
/// <param name="Example">An example value, for messages.</param>
/// <param name="Read">Reads a value with its unit into <paramref name="Unit"/>; the error otherwise.</param>
public sealed record Analyte(string Name, string Loinc, string Unit, string Example, Func<string, (double Value, string? Error)> Read)
{
    /// <summary>Every analyte, by name.</summary>
    public static IReadOnlyDictionary<string, Analyte> All { get; } = new[]
    {
        Count("wbc", "6690-2", ScenarioLimits.Wbc, "212 x10^9/L"),
        Count("platelets", "777-3", ScenarioLimits.Platelets, "61 x10^9/L"),
        Count("lymphocytes", "731-0", ScenarioLimits.Subset, "1.8 x10^9/L"),
        Count("neutrophils", "751-8", ScenarioLimits.Subset, "4.1 x10^9/L"),
        Count("cd34", "42808-4", ScenarioLimits.Subset, "24 /uL"),
        Count("cd3", "8122-4", ScenarioLimits.Subset, "1100 /uL"),
        new Analyte("hematocrit", "4544-3", Fraction.CanonicalUnit, "27 %", t => Q(t, ScenarioLimits.Hematocrit)),
        new Analyte("hemoglobin", "718-7", MassConcentration.CanonicalUnit, "9.1 g/dL", t => Q(t, ScenarioLimits.Hemoglobin)),
        new Analyte("ionizedCalcium", "1994-3", SubstanceConcentration.CanonicalUnit, "1.15 mmol/L", t => Q(t, ScenarioLimits.IonizedCalcium, Substance.Calcium)),
        new Analyte("potassium", "2823-3", SubstanceConcentration.CanonicalUnit, "3.9 mmol/L", t => Q(t, ScenarioLimits.Potassium, Substance.Potassium)),
    }.ToDictionary(a => a.Name, StringComparer.Ordinal);

    /// <summary>The names, for messages.</summary>
    public static string Names => string.Join(", ", All.Keys);

    private static Analyte Count(string name, string loinc, Limit<CellConcentration> limit, string example) =>
        new(name, loinc, CellConcentration.CanonicalUnit, example, t => Q(t, limit));

    private static (double, string?) Q<T>(string text, Limit<T> limit)
        where T : struct, IQuantity<T> => Checked(T.Parse(text), limit);

    private static (double, string?) Q(string text, Limit<SubstanceConcentration> limit, Substance substance) =>
        Checked(SubstanceConcentration.Parse(text, substance), limit);

    private static (double, string?) Checked<T>(ParseResult<T> parsed, Limit<T> limit)
        where T : struct, IQuantity<T>
    {
        if (!parsed.TryGetValue(out var q))
        {
            return (0, parsed.Error);
        }

        return limit.Contains(q) ? (q.CanonicalValue, null) : (0, $"{q} is outside {limit.HardMin} – {limit.HardMax} ({limit.Why})");
    }
}
