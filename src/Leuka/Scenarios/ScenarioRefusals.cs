using System.Globalization;
using Leuka.Patients;
using Leuka.Procedure;

namespace Leuka.Scenarios;

/// <summary>A valid scenario the engine will not run: the field to change and why.</summary>
/// <param name="Path">The field, as the scenario file names it.</param>
/// <param name="Message">What is wrong and what would be accepted.</param>
public sealed record ScenarioRefusal(string Path, string Message);

/// <summary>
/// Absolute limits known before the run starts: a device's operator refuses these set-ups rather
/// than limiting the pumps. Thresholds and sources: docs/model/safety.md (absolute limits).
/// </summary>
public static class ScenarioRefusals
{
    /// <summary>Why the scenario may not run with this set (empty: it may).</summary>
    public static IReadOnlyList<ScenarioRefusal> For(Scenario scenario, CircuitSet set)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(set);
        var refusals = new List<ScenarioRefusal>();
        var tbv = PatientAssessment.Of(scenario.Patient).BloodVolume.Total;
        var percent = 100 * set.Volume.Milliliters / tbv.Milliliters;
        if (scenario.Procedure.Kind != ProcedureKind.CitrateInfusion && scenario.Procedure.Prime != PrimeFluid.RedCells && percent > ClinicalThresholds.ExtracorporealLimitPercent)
        {
            refusals.Add(new ScenarioRefusal("procedure.prime", string.Create(
                CultureInfo.InvariantCulture,
                $"\"{ScenarioWords.Of(scenario.Procedure.Prime)}\": the set holds {set.Volume.Milliliters:0} mL, {percent:0.#} % of this patient's blood volume ({tbv.Milliliters:0} mL); beyond {ClinicalThresholds.ExtracorporealLimitPercent:0} % a prime that is not blood takes away more than the circulation can spare (a loss of more than 30 % of the blood volume lowers blood pressure); write \"prime\": \"red-cells\"")));
        }

        return refusals;
    }
}
