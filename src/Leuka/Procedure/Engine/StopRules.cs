using Leuka.Patients;
using Leuka.Physiology;
using Leuka.Scenarios;

namespace Leuka.Procedure;

/// <summary>
/// When the run stops: its stop condition (a volume, a duration or a target), the time limit for
/// targets and the run-time limit. Volume and duration stops land on a step's end; the white-count
/// target is judged on the count after rinseback.
/// </summary>
internal sealed class StopRules(StopCondition stop, EngineOptions options, double tbvMl, double weightKg, double cd3Share)
{
    private const double Epsilon = 1e-9;

    public bool IsTarget => stop.IsTarget();

    /// <summary>Minutes until a volume or duration stop is met at the current whole-blood flow.</summary>
    public double Until(double time, double processedMl, double wholeBloodMlPerMin) => stop switch
    {
        ProcessedVolumeStop v when wholeBloodMlPerMin > Epsilon => Math.Max(1e-3, (v.Volume.Milliliters - processedMl) / wholeBloodMlPerMin),
        BloodVolumesStop b when wholeBloodMlPerMin > Epsilon => Math.Max(1e-3, ((b.BloodVolumes * tbvMl) - processedMl) / wholeBloodMlPerMin),
        DurationStop d => Math.Max(1e-3, d.Duration.Minutes - time),
        _ => double.PositiveInfinity,
    };

    /// <summary>How far toward the stop, 0–1 (before the progress bar's own scaling).</summary>
    public double Share(double time, double processedMl, double wbcStart, double wbcNow, Compartment bag) => stop switch
    {
        ProcessedVolumeStop v => processedMl / v.Volume.Milliliters,
        BloodVolumesStop b => processedMl / (b.BloodVolumes * tbvMl),
        DurationStop d => time / d.Duration.Minutes,
        TargetPostWbcStop w => (wbcStart - wbcNow) / Math.Max(Epsilon, wbcStart - w.Wbc.E9PerLiter),
        TargetCd34DoseStop c => Cd34Dose(bag) / c.Dose.E6PerKilogram,
        TargetCd3YieldStop y => Cd3(bag) / y.Cells.E9,
        _ => 0,
    };

    /// <summary>The reason to stop now (null: go on), and whether the target was met; a target not reached in time or the run-time limit also warns.</summary>
    public (string? Reason, bool AtTarget) Check(double time, bool inRun, double processedMl, Func<double> postWbc, Compartment bag, AlarmLog log)
    {
        string? reason = stop switch
        {
            ProcessedVolumeStop v when processedMl >= v.Volume.Milliliters - Epsilon => Text.F($"processed {v.Volume.Liters:0.##} L"),
            BloodVolumesStop b when processedMl >= (b.BloodVolumes * tbvMl) - Epsilon => Text.F($"processed {b.BloodVolumes:0.##} blood volumes"),
            DurationStop d when time >= d.Duration.Minutes - Epsilon => Text.F($"ran {d.Duration.Minutes:0} min"),
            TargetPostWbcStop w when inRun && postWbc() <= w.Wbc.E9PerLiter => Text.F($"white count at or below {w.Wbc.E9PerLiter:0.#} ×10^9/L after rinseback"),
            TargetCd34DoseStop c when Cd34Dose(bag) >= c.Dose.E6PerKilogram => Text.F($"CD34+ dose {Cd34Dose(bag):0.##} ×10^6/kg reached (target {c.Dose.E6PerKilogram:0.##})"),
            TargetCd3YieldStop y when Cd3(bag) >= y.Cells.E9 => Text.F($"CD3+ yield {Cd3(bag):0.##} ×10^9 reached (target {y.Cells.E9:0.##})"),
            _ => null,
        };

        var atTarget = reason is not null && IsTarget;
        if (reason is null && IsTarget && time >= options.TargetTimeLimitMinutes - Epsilon)
        {
            reason = Text.F($"target not reached within {options.TargetTimeLimitMinutes / 60:0} h");
            log.Warn(Codes.TargetNotReached, Text.F($"the stop target ({ScenarioWords.Of(stop)}) was not reached within {options.TargetTimeLimitMinutes / 60:0} h: {Shortfall(postWbc, bag)}"));
        }
        else if (reason is null && time >= options.RunTimeLimitMinutes - Epsilon)
        {
            reason = Text.F($"run-time limit {options.RunTimeLimitMinutes / 60:0} h");
            log.Warn(Codes.RunTimeLimit, Text.F($"the run was ended at {options.RunTimeLimitMinutes / 60:0} h before its stop condition ({ScenarioWords.Of(stop)}) was met"));
        }

        return (reason, atTarget);
    }

    /// <summary>The white count after rinseback returns the set's content (what the target is about).</summary>
    public static double PostWbc(PatientPhysiologyState patient, DisposableSet set, double rinsebackShare)
    {
        var cells = 0.0;
        for (var i = 0; i < DisposableSet.Pools; i++)
        {
            if ((CellSpecies)i is CellSpecies.Cd34 or CellSpecies.Platelets)
            {
                continue;
            }

            cells += patient.Pools[i].Circulating.E9 + (rinsebackShare * (set.DrawSide.Cells[i] + set.ReturnSide.Cells[i]));
        }

        var volumeL = (patient.Fluid.Intravascular.Milliliters + (rinsebackShare * (set.DrawSide.VolumeMl + set.ReturnSide.VolumeMl))) / 1000;
        return cells / volumeL;
    }

    private double Cd34Dose(Compartment bag) => bag.Cells[(int)CellSpecies.Cd34] * 1000 / weightKg;

    private double Cd3(Compartment bag) => bag.Cells[(int)CellSpecies.Lymphocytes] * cd3Share;

    private string Shortfall(Func<double> postWbc, Compartment bag) => stop switch
    {
        TargetPostWbcStop w => Text.F($"the white count is {postWbc():0.#} ×10^9/L against {w.Wbc.E9PerLiter:0.#}; a second procedure or a higher collect flow would be needed"),
        TargetCd34DoseStop c => Text.F($"the product holds {Cd34Dose(bag):0.##} ×10^6 CD34+/kg against {c.Dose.E6PerKilogram:0.##}; another collection day would be needed"),
        TargetCd3YieldStop y => Text.F($"the product holds {Cd3(bag):0.##} ×10^9 CD3+ cells against {y.Cells.E9:0.##}"),
        _ => "",
    };
}
