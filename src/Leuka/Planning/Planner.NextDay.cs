using Leuka.Patients;
using Leuka.Physiology;
using Leuka.Procedure;
using Leuka.Quantities;
using Leuka.Scenarios;

namespace Leuka.Planning;

/// <summary>The next morning: a day's scenario carried to the next through the follow-up prediction.</summary>
public sealed partial class Planner
{
    /// <summary>
    /// The next morning's scenario: today's, with the labs of the follow-up point a course or a
    /// plan carries the patient to (<see cref="ProcedureEngine.After"/>: recruitment, recovery,
    /// regrowth and cytoreduction included), reported as a laboratory would (counts to 0.001, Hct to
    /// 0.01 %). The engine starts that day from the carried pools, not from these labs at equilibrium.
    /// </summary>
    public static Scenario NextDay(Scenario today, FollowUpPoint f)
    {
        ArgumentNullException.ThrowIfNull(today);
        ArgumentNullException.ThrowIfNull(f);
        var wbc = Math.Round(f.Wbc.E9PerLiter, 3);
        var todayLymphocytes = (today.Patient.Labs.Wbc * today.Patient.Labs.Differential.Lymphocytes).E9PerLiter;

        // CD3+ cells keep their share of the lymphocytes (the engine reads the share from the labs).
        var cd3 = today.Patient.Labs.Cd3 is { } c && todayLymphocytes > 0
            ? CellConcentration.FromPerMicroliter(Math.Round(c.PerMicroliter * f.Lymphocytes.E9PerLiter / todayLymphocytes, 3))
            : today.Patient.Labs.Cd3;
        var labs = today.Patient.Labs with
        {
            Cd3 = cd3,
            Wbc = CellConcentration.FromE9PerLiter(wbc),
            Platelets = CellConcentration.FromE9PerLiter(Math.Round(f.Platelets.E9PerLiter, 3)),
            Hematocrit = Fraction.FromPercent(Math.Round(f.Hematocrit.Percent, 2)),
            Cd34 = today.Patient.Labs.Cd34 is null ? null : CellConcentration.FromPerMicroliter(Math.Round(f.Cd34.PerMicroliter, 3)),
        };

        // Differential: blasts and lymphocytes from the prediction; the rest keeps its proportions.
        // From here on it is the model's prediction, written out (no longer assumed).
        {
            var d = labs.Differential;
            var blasts = wbc > 0 ? f.Blasts.E9PerLiter / wbc : 0;
            var lymph = wbc > 0 ? f.Lymphocytes.E9PerLiter / wbc : 0;
            var otherTotal = d.Neutrophils.Percent + d.Monocytes.Percent + d.Eosinophils.Percent + d.Basophils.Percent + d.ImmatureGranulocytes.Percent;
            var rest = Math.Max(0, 1 - blasts - lymph) * 100;
            Fraction Other(Fraction x) => Pct(otherTotal > 0 ? x.Percent / otherTotal * rest : 0);
            labs = labs with
            {
                Differential = new Differential(
                    Other(d.Neutrophils), Pct(lymph * 100), Other(d.Monocytes), Other(d.Eosinophils), Other(d.Basophils), Pct(blasts * 100), Other(d.ImmatureGranulocytes)),
                DifferentialAssumed = false,
            };
        }

        return today with { Name = today.Name + " (next day)", Patient = today.Patient with { Labs = labs, PriorProcedures = today.Patient.PriorProcedures + 1 }, Course = null };
    }

    private static Fraction Pct(double percent) => Fraction.FromPercent(Math.Round(percent, 3));
}
