using System.Globalization;
using Leuka.Patients;
using Leuka.Procedure;
using Leuka.Quantities;
using Leuka.Scenarios;
using Leuka.Separation;

namespace Leuka.Planning;

/// <summary>
/// Plans procedures with the same simulator `leuka simulate` uses: achievable settings within the
/// access, AC and calcium limits; the processed volume that reaches the goal, found by bisection
/// over the simulator (the outcome is monotone in the volume); consecutive days when one procedure
/// is not enough; and safety findings. Rules and sources: docs/model/safety.md.
/// </summary>
/// <param name="cache">Separator cache shared by every simulation of the plan (and across plans).</param>
public sealed partial class Planner(SeparatorCache? cache = null)
{
    /// <summary>Calcium prophylaxis doses tried, mmol/h, when the nadir would fall below 0.9 mmol/L.</summary>
    public static IReadOnlyList<double> CalciumLadder { get; } = [0.9, 1.8, 2.7, 3.6, 5.4];

    private const double CalciumFloor = ClinicalThresholds.CalciumNadirFloor;

    // A vasovagal risk from one in ten is worth a word in the plan (assumption).
    private const double VasovagalFindingShare = 0.10;
    private readonly SeparatorCache _cache = cache ?? new SeparatorCache(SeparatorModel.Default);
    private int _simulations;

    // The patient carried into the day being planned (null on day 1): every run of that day
    // starts from it, as the day of a course does (docs/model/courses.md).
    private CarriedPatient? _carried;

    // What happens between the planned days: the scenario's course (a drug alongside,
    // mobilisation), or nothing.
    private CourseSettings? _between;

    // The engines of the day being planned, by the result each gave: the next morning advances the
    // chosen day's own engine instead of running the day again. Cleared each morning.
    private readonly Dictionary<ProcedureResult, ProcedureEngine> _engines = new(ReferenceEqualityComparer.Instance);

    /// <summary>Plans a scenario.</summary>
    public Plan Make(Scenario first, PlanOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(first);
        options ??= new PlanOptions();

        // The planner chooses the days and each day's volume itself. A course in the scenario
        // gives what happens between the days and the most days (docs/model/courses.md).
        options = options.For(first);
        _between = first.Course;
        first = first with { Course = null };
        _simulations = 0;
        _carried = null;
        var stop = first.Procedure.Stop;
        var goal = ScenarioWords.Of(stop);
        var findings = new List<Finding>();
        var days = new List<PlannedDay>();

        // Settings: what the access and the AC limit allow, and the calcium the patient needs.
        var settings = Settings(first, findings);
        var isTarget = stop.IsTarget();
        if (!isTarget)
        {
            var planned = Limit(settings, first, options, findings, 1);
            var result = WithCalcium(ref planned, findings, 1);
            days.Add(new PlannedDay(1, planned, result, result.Product.Cd34PerKgE6, result.Product.Cd3E9, []));
            Check(result, planned, options, findings, 1);
            return Finish(true, goal, F($"one procedure: {result.ProcessedVolumeL:0.00} L in {result.DurationMin:0} min"), days, findings);
        }

        // The levers the planner may move, each searched with the same simulator: the collect
        // flow (depletion, when the scenario left it to the planner) and the AC infusion-rate
        // limit up to the protocol's upper bound. The plan is the one that meets the goal in the
        // fewest days (then the least blood); without one, the one that gets closest.
        PlanAttempt? best = null;
        foreach (var (candidate, lever) in Levers(settings, first))
        {
            var attempt = PlanDays(candidate, lever, stop, options);
            if (best is null || attempt.IsBetterThan(best, stop))
            {
                best = attempt;
            }

            if (attempt.Met && attempt.Days.Count == 1 && lever.Length == 0)
            {
                break;
            }
        }

        findings.AddRange(best!.Findings);
        if (best.Lever.Length > 0)
        {
            findings.Add(new Finding(Codes.Lever.Name, FindingSeverity.Info, best.Lever, 0, 0, "docs/model/safety.md: levers the planner searches", 0));
        }

        return Finish(best.Met, goal, best.Reason, best.Days, findings);
    }

    // The scenario as the clinician set it, then each lever the model says may help.
    private static IEnumerable<(Scenario Scenario, string Lever)> Levers(Scenario settings, Scenario first)
    {
        yield return (settings, "");
        var p = settings.Procedure;
        if (p.Kind == ProcedureKind.LeukocyteDepletion && first.Procedure.Defaulted.Contains("collectFlow"))
        {
            foreach (var collect in new[] { 2.0, 3, 4.5, 6, 8 }.Where(c => Math.Abs(c - p.CollectFlow.MillilitersPerMinute) > 0.25))
            {
                yield return (settings with { Procedure = p with { CollectFlow = VolumeFlow.FromMillilitersPerMinute(collect) } },
                    F($"collect flow {collect:0.#} mL/min: of the collect flows tried (2–8 mL/min) the one the model gives the best result with at this inlet"));
            }
        }

        if (p.AcInfusionRateLimit < MaxAcLimit
            && InletLimits.AcLimited(p.AcInfusionRateLimit, BloodVolume.Estimate(settings.Patient).Total, p.InletToAcRatio) < p.InletFlow.MillilitersPerMinute)
        {
            var raised = settings with { Procedure = p with { AcInfusionRateLimit = MaxAcLimit } };
            yield return (raised with { Procedure = raised.Procedure with { InletFlow = VolumeFlow.FromMillilitersPerMinute(Math.Floor(InletLimits.Achievable(raised.Patient, raised.Procedure) * 10) / 10) } },
                F($"AC infusion-rate limit raised to {MaxAcLimit.MillilitersPerMinutePerLiter:0.0#} mL/min/L (the upper end of the protocol's 0.8–1.2, docs/reference/MODEL-DATA.md §3): the AC limit held the inlet flow; watch citrate and calcium"));
        }
    }

    private static readonly FlowPerBloodVolume MaxAcLimit = FlowPerBloodVolume.FromMillilitersPerMinutePerLiter(1.2);

    // Consecutive days toward a target: each day at most the limits allow; the last day the
    // smallest volume that meets the goal (bisection over the simulator: the outcome is monotone
    // in the volume).
    private PlanAttempt PlanDays(Scenario day, string lever, StopCondition stop, PlanOptions options)
    {
        _carried = null;
        _engines.Clear();
        var findings = new List<Finding>();
        var days = new List<PlannedDay>();
        var collectedCd34 = 0.0;
        var collectedCd3 = 0.0;
        for (var d = 1; d <= options.MaxDays; d++)
        {
            var maxL = MaxLiters(day, options);
            bool Met(ProcedureResult r) => GoalMet(stop, r, collectedCd34 + r.Product.Cd34PerKgE6, collectedCd3 + r.Product.Cd3E9);

            // The calcium prophylaxis is chosen on the longest run (the deepest nadir), then kept.
            var atMax = WithVolume(day, maxL);
            var maxResult = WithCalcium(ref atMax, findings, d);
            day = day with { Procedure = day.Procedure with { CalciumProphylaxis = atMax.Procedure.CalciumProphylaxis } };
            var curve = new List<(double Liters, ProcedureResult Result)> { (maxL, maxResult) };
            if (!Met(maxResult))
            {
                // One more full-length day, then the follow-up decides the next day's counts.
                collectedCd34 += maxResult.Product.Cd34PerKgE6;
                collectedCd3 += maxResult.Product.Cd3E9;
                days.Add(new PlannedDay(d, atMax, maxResult, collectedCd34, collectedCd3, Curve(day, maxL, maxResult)));
                Check(maxResult, atMax, options, findings, d);
                if (d == options.MaxDays)
                {
                    return new PlanAttempt(false, Shortfall(stop, maxResult, collectedCd34, collectedCd3, d, days), days, findings, lever);
                }

                day = Morning(atMax, maxResult, d);
                continue;
            }

            double lo = 0, hi = maxL;
            while (hi - lo > Math.Max(0.05, 0.01 * hi))
            {
                var mid = (lo + hi) / 2;
                var r = Simulate(WithVolume(day, mid));
                curve.Add((mid, r));
                if (Met(r))
                {
                    hi = mid;
                }
                else
                {
                    lo = mid;
                }
            }

            var planned = WithVolume(day, Math.Ceiling(hi * 100) / 100);
            var final = Simulate(planned);
            days.Add(new PlannedDay(d, planned, final, collectedCd34 + final.Product.Cd34PerKgE6, collectedCd3 + final.Product.Cd3E9, [.. curve.OrderBy(c => c.Liters).Select(c => Point(c.Liters, c.Result))]));
            Check(final, planned, options, findings, d);
            var reason = d == 1
                ? F($"one procedure: {final.ProcessedVolumeL:0.00} L ({final.BloodVolumesProcessed:0.0} blood volumes) in {final.DurationMin:0} min")
                : F($"{d} consecutive daily procedures; the last processes {final.ProcessedVolumeL:0.00} L");
            if (d > 1 && final.DurationMin < 60)
            {
                // A short last day: a slightly longer previous day may serve the patient better.
                var previous = days[^2].Predicted.DurationMin;
                var hours = Math.Ceiling((previous + final.DurationMin) / 30) / 2;
                findings.Add(new Finding(Codes.ShortLastDay.Name, FindingSeverity.Info,
                    F($"day {d} needs only {final.DurationMin:0} min: lengthening day {d - 1} by about that much (plan with --max-hours {hours:0.#}) may avoid a procedure"),
                    final.DurationMin, 60, "docs/model/safety.md: procedure length", d));
            }

            return new PlanAttempt(true, reason, days, findings, lever);
        }

        return new PlanAttempt(false, "no procedure could be planned", days, findings, lever);
    }

    // A day that cannot reach the goal: what a quarter, half and three quarters of the longest
    // run give, beside the longest (the target against the volume).
    private IReadOnlyList<VolumePoint> Curve(Scenario day, double maxL, ProcedureResult atMax) =>
        [.. new[] { 0.25, 0.5, 0.75 }.Select(f => Point(maxL * f, Simulate(WithVolume(day, maxL * f)))).Append(Point(maxL, atMax))];

    private static VolumePoint Point(double liters, ProcedureResult r) => new(Math.Round(liters, 3), r.Wbc.Post, r.Product.Cd34PerKgE6, r.Product.Cd3E9, r.DurationMin);

    private Plan Finish(bool feasible, string goal, string reason, List<PlannedDay> days, List<Finding> findings)
    {
        _engines.Clear();
        var critical = findings.Where(f => f.Severity == FindingSeverity.Critical).ToList();
        if (feasible && critical.Count > 0)
        {
            feasible = false;
            reason = "not safe as planned: " + string.Join("; ", critical.Select(f => f.Message));
        }

        return new Plan(feasible, goal, reason, days, findings, _simulations) { Between = _between };
    }

    // The achievable inlet flow and the recommended collect flow, with findings about the access.
    private static Scenario Settings(Scenario s, List<Finding> findings)
    {
        var p = s.Procedure;
        var tbv = BloodVolume.Estimate(s.Patient).Total;
        var ratio = p.InletToAcRatio;
        var acLimit = InletLimits.AcLimited(p.AcInfusionRateLimit, tbv, ratio);
        var leukocrit = PatientAssessment.LeukocritOf(s.Patient);
        var viscosity = InletLimits.Viscosity(s.Patient);
        var accessLimit = InletLimits.Access(p.Access, viscosity, ratio);
        var inlet = InletLimits.Achievable(s.Patient, p);
        if (p.InletFlow.MillilitersPerMinute > accessLimit + 1e-9)
        {
            var needed = Math.Min(p.InletFlow.MillilitersPerMinute, acLimit);
            if (p.Access == VascularAccess.Peripheral && needed > accessLimit * 1.05)
            {
                findings.Add(new Finding(Codes.AccessCatheter.Name, FindingSeverity.Caution,
                    F($"a peripheral vein gives about {accessLimit:0} mL/min inlet at this blood viscosity, less than the {needed:0} mL/min the settings ask: place an apheresis catheter, or plan the longer run"),
                    needed, accessLimit, "docs/reference/MODEL-DATA.md §6: peripheral veins 40–50 mL/min, apheresis catheters 50–80 mL/min", 1));
            }
        }

        // A pump is set to 0.1 mL/min: rounded down, so the limit is never passed.
        var planned = p with { InletFlow = VolumeFlow.FromMillilitersPerMinute(Math.Floor(inlet * 10) / 10) };
        if (p.Kind == ProcedureKind.LeukocyteDepletion && p.Defaulted.Contains("collectFlow"))
        {
            // Depletion: a collect flow that can carry the white layer (packed at 0.7), 2–6 mL/min.
            var collect = Math.Clamp(leukocrit * inlet * InletRatio.WholeBloodShare(ratio) / 0.7, 2, 6);
            planned = planned with { CollectFlow = VolumeFlow.FromMillilitersPerMinute(Math.Round(collect, 1)) };
        }

        return s with { Procedure = planned };
    }

    private static Scenario Limit(Scenario settings, Scenario s, PlanOptions options, List<Finding> findings, int day)
    {
        // Volume and duration stops: kept, but never past the procedure-length and volume limits.
        var tbvL = BloodVolume.Estimate(s.Patient).Total.Liters;
        var wholeBlood = EffectiveWholeBlood(settings);
        var maxL = MaxLiters(settings, options);
        var wanted = s.Procedure.Stop switch
        {
            ProcessedVolumeStop v => v.Volume.Liters,
            BloodVolumesStop b => b.BloodVolumes * tbvL,
            DurationStop d => d.Duration.Minutes * wholeBlood / 1000,
            _ => maxL,
        };
        if (wanted > maxL + 1e-9)
        {
            findings.Add(new Finding(Codes.ProcedureLimit.Name, FindingSeverity.Caution,
                F($"the stop asks for {wanted:0.0} L, more than one procedure may process ({maxL:0.0} L: {options.MaxHours:0.#} h at {wholeBlood:0} mL/min whole blood, at most {options.MaxBloodVolumes:0.#} blood volumes); planned at the limit"),
                wanted, maxL, "docs/model/safety.md: procedure length and volume per procedure", day));
            return WithVolume(settings, maxL);
        }

        return settings;
    }

    // Runs the plan's scenario; when the ionized calcium nadir falls below 0.9 mmol/L, raises
    // the calcium prophylaxis along the ladder until it does not (or the ladder ends).
    private ProcedureResult WithCalcium(ref Scenario scenario, List<Finding> findings, int day)
    {
        var result = Simulate(scenario);
        if (result.IonizedCalcium.NadirMmolPerL >= CalciumFloor)
        {
            return result;
        }

        var before = result.IonizedCalcium.NadirMmolPerL;
        var current = scenario.Procedure.CalciumProphylaxis.Infusion.MillimolesPerHour;
        foreach (var dose in CalciumLadder.Where(d => d > current))
        {
            var trial = scenario with { Procedure = scenario.Procedure with { CalciumProphylaxis = new CalciumProphylaxis(SubstanceRate.FromMillimolesPerHour(dose)) } };
            var r = Simulate(trial);
            scenario = trial;
            result = r;
            if (r.IonizedCalcium.NadirMmolPerL >= CalciumFloor)
            {
                findings.Add(new Finding(Codes.CalciumProphylaxis.Name, FindingSeverity.Caution,
                    F($"without more calcium the ionized calcium would fall to {before:0.00} mmol/L: give calcium gluconate continuously at {dose:0.#} mmol/h (about {dose / 0.23:0} mL/h of 10 %), which keeps the nadir at {r.IonizedCalcium.NadirMmolPerL:0.00}"),
                    before, CalciumFloor, "docs/reference/MODEL-DATA.md §5: Buchta 2003 (1.8 mmol/h cut reactions by 65 %); nadir threshold 0.9 mmol/L", day));
                return r;
            }
        }

        findings.Add(new Finding(Codes.CalciumNadir.Name, FindingSeverity.Caution,
            F($"even at {CalciumLadder[^1]:0.#} mmol/h of calcium the ionized calcium would fall to {result.IonizedCalcium.NadirMmolPerL:0.00} mmol/L: slow the inlet flow or lower the AC ratio, and monitor ionized calcium"),
            result.IonizedCalcium.NadirMmolPerL, CalciumFloor, "docs/reference/MODEL-DATA.md §5", day));
        return result;
    }

    private static void Check(ProcedureResult r, Scenario s, PlanOptions options, List<Finding> findings, int day)
    {
        var patient = s.Patient;
        var prime = s.Procedure.Prime;
        // The run judged these thresholds already (its warnings): the planner words them as advice.
        if (r.Warnings.Any(w => w.Code == Codes.EcvHigh.Name))
        {
            findings.Add(new Finding(Codes.EcvHigh.Name, FindingSeverity.Caution,
                F($"the set holds {r.Extracorporeal.PeakPercentOfTbv:0.#} % of the blood volume (above 15 %): consider a red-cell prime{(patient.IsChild ? ", as is usual in children" : "")}"),
                r.Extracorporeal.PeakPercentOfTbv, ClinicalThresholds.ExtracorporealCautionPercent, "docs/reference/MODEL-DATA.md §6: ECV ≤ 15 % of TBV (UK donors ≤ 16 %); Karger 2003: a caution, not a cliff", day));
        }

        if (r.Alarms.Any(a => a.Code == Codes.FluidLossLimit.Name))
        {
            // The planner never proposes settings that run into an absolute limit.
            findings.Add(new Finding(Codes.FluidLossLimit.Name, FindingSeverity.Critical,
                F($"at these settings the patient would lose {-r.FluidBalanceMl:0} mL net and the machine would stop at the absolute limit ({ClinicalThresholds.FluidLossPercentOfTbv:0} % of the blood volume): lower the collect flow"),
                -r.FluidBalanceMl, ClinicalThresholds.FluidLossPercentOfTbv, "docs/model/safety.md: absolute limits", day));
        }

        if (r.Alarms.Any(a => a.Code == Codes.HematocritLimit.Name))
        {
            findings.Add(new Finding(Codes.HematocritLimit.Name, FindingSeverity.Critical,
                F($"at these settings the haematocrit would reach the absolute limit ({ClinicalThresholds.HematocritLimit(patient.Labs.Hematocrit.Percent):0.#} %) and the machine would stop: lower the collect flow"),
                r.Hematocrit.PostPercent, ClinicalThresholds.HematocritLimit(patient.Labs.Hematocrit.Percent), "docs/model/safety.md: absolute limits", day));
        }

        var floor = options.BleedingRisk ? ClinicalThresholds.PlateletFloorWithBleeding : ClinicalThresholds.PlateletFloor;
        if (r.Platelets.Post < floor)
        {
            findings.Add(new Finding(Codes.PlateletsFloor.Name, FindingSeverity.Critical,
                F($"platelets would fall to {r.Platelets.Post:0} ×10^9/L, below {floor}{(options.BleedingRisk ? " (bleeding risk)" : "")}: transfuse platelets before or after, or process less"),
                r.Platelets.Post, floor, "docs/reference/MODEL-DATA.md §6 (platelet loss 24–27 % in therapeutic leukapheresis); floors 20, or 50 with bleeding", day));
        }

        var hb = patient.Labs.Hemoglobin?.GramsPerDeciliter ?? patient.Labs.Hematocrit.Percent / 3;
        if (day == 1 && patient.Labs.Wbc.E9PerLiter > ClinicalThresholds.HyperleukocytosisWbc && hb > ClinicalThresholds.HemoglobinInHyperleukocytosis)
        {
            findings.Add(new Finding(Codes.HyperviscosityTransfusion.Name, FindingSeverity.Caution,
                F($"hyperleukocytosis (WBC {patient.Labs.Wbc.E9PerLiter:0} ×10^9/L) with Hb {hb:0.#} g/dL: do not transfuse red cells before the white count falls (viscosity)"),
                hb, ClinicalThresholds.HemoglobinInHyperleukocytosis, "docs/reference/MODEL-DATA.md §7: avoid red-cell transfusion to Hb > 10 g/dL before blasts are reduced", day));
        }

        if (day == 1 && patient.Weight.Kilograms < ClinicalThresholds.SmallPatientKg)
        {
            findings.Add(new Finding(Codes.LowWeight.Name, FindingSeverity.Caution,
                F($"a {patient.Weight.Kilograms:0.#} kg patient: watch volume shifts, hypotension, citrate toxicity and temperature closely; a red-cell prime and continuous calcium are usual"),
                patient.Weight.Kilograms, ClinicalThresholds.SmallPatientKg, "docs/reference/MODEL-DATA.md §5–6: children ≤ 30 kg (Bolan 2004); ECV rule", day));
        }

        if (r.Circulation.LowestSystolicMmHg < r.Circulation.HypotensionThresholdMmHg)
        {
            findings.Add(new Finding(Codes.Hypotension.Name, FindingSeverity.Caution,
                F($"the systolic pressure would fall to {r.Circulation.LowestSystolicMmHg:0} mmHg, below this patient's {r.Circulation.HypotensionThresholdMmHg:0}: {(prime == PrimeFluid.Saline ? "a red-cell prime, " : "")}a slower inlet, saline at hand"),
                r.Circulation.LowestSystolicMmHg, r.Circulation.HypotensionThresholdMmHg, "docs/model/circulation.md: PALS by age, 90 mmHg adults (Evers), two thirds of the patient's own", day));
        }

        if (day == 1 && r.Circulation.VasovagalRisk >= VasovagalFindingShare)
        {
            findings.Add(new Finding(Codes.VasovagalRisk.Name, FindingSeverity.Info,
                F($"a {100 * r.Circulation.VasovagalRisk:0} % chance of a vasovagal reaction (first procedure, blood volume, age, sex): fluids beforehand, lying flat, a close watch in the first minutes"),
                100 * r.Circulation.VasovagalRisk, 100 * VasovagalFindingShare, "docs/model/circulation.md: Tomita 2002, REDS-II 2010, Wiltbank 2008; 300 mL of water before donation lowered reactions in high-risk donors (Transfusion 2009;49:1630)", day));
        }

        if (r.Warnings.Any(w => w.Code == Codes.PotassiumLow.Name))
        {
            findings.Add(new Finding(Codes.PotassiumLow.Name, FindingSeverity.Caution,
                F($"potassium would fall to {r.Potassium.NadirMmolPerL:0.0} mmol/L: measure it after the procedure and replace"),
                r.Potassium.NadirMmolPerL, ClinicalThresholds.PotassiumFloor, "docs/model/citrate-calcium.md: Schlenke 2000, 21 % below 3 mmol/L without supplements", day));
        }

        if (r.Warnings.Any(w => w.Code == Codes.HeparinHigh.Name) && r.Heparin is { } heparin)
        {
            findings.Add(new Finding(Codes.HeparinHigh.Name, FindingSeverity.Caution,
                F($"plasma heparin would reach {heparin.PeakAntiXa:0.00} IU/mL anti-Xa, above the therapeutic {ClinicalThresholds.HeparinAntiXaCeiling:0.0}: a bleeding risk at the access and when the catheter comes out; less heparin per mL of AC, or a smaller bolus"),
                heparin.PeakAntiXa, ClinicalThresholds.HeparinAntiXaCeiling, "docs/model/heparin.md: therapeutic anti-Xa 0.3–0.7 IU/mL (Brunet 2008); no donor above 0.7 with 6 IU/mL of AC (Transfusion 2025, case H1)", day));
        }

        if (r.Warnings.Any(w => w.Code == Codes.MagnesiumLow.Name))
        {
            findings.Add(new Finding(Codes.MagnesiumLow.Name, FindingSeverity.Info,
                F($"ionized magnesium would fall to {r.Magnesium.NadirMmolPerL:0.00} mmol/L, below the healthy range (0.44–0.59): expected with this much citrate, and recovering within hours; it adds to low calcium's symptoms, so treat tingling as calcium's and magnesium's together (magnesium with the calcium in long or repeated runs)"),
                r.Magnesium.NadirMmolPerL, ClinicalThresholds.IonizedMagnesiumFloor, "docs/model/citrate-calcium.md: healthy ionized magnesium 0.44–0.59 mmol/L (Greenway, Clin Biochem 1996); citrate lowers it about a third in plateletpheresis (Das 2005); IV magnesium in children's collections (Bolan 2004)", day));
        }

        if (r.Warnings.Any(w => w.Code == Codes.CitrateRate.Name))
        {
            findings.Add(new Finding(Codes.CitrateRate.Name, FindingSeverity.Caution,
                F($"citrate reaches the patient at up to {r.Citrate.PeakInfusionRateMgPerKgPerMin:0.00} mg/kg/min, above the 1.9 mg/kg/min donor ceiling: continuous calcium and close watch for symptoms"),
                r.Citrate.PeakInfusionRateMgPerKgPerMin, ClinicalThresholds.CitrateRateCeiling, "docs/reference/MODEL-DATA.md §5: UK donor ceiling 0.010 mmol/kg/min ≈ 1.9 mg/kg/min; no symptoms below ≈1.08 (Olson 1977)", day));
        }
    }

    // Why the goal is not reached, and what would help that the plan has not already assumed.
    private string Shortfall(StopCondition stop, ProcedureResult last, double cd34, double cd3, int days, List<PlannedDay> planned) => stop switch
    {
        TargetPostWbcStop w => F($"after {days} daily procedure{(days == 1 ? "" : "s")} the white count would still be {last.Wbc.Post:0} ×10^9/L against the target {w.Wbc.E9PerLiter:0}: {PerDay(planned)}; the collect flows and AC limit the planner may move were tried: ")
            + (_between is { CytoreductionDailyFall.Ratio: > 0 } ? "more days or a stronger drug alongside would be needed" : "more days or cytoreduction would be needed (a drug alongside: course.cytoreduction, docs/model/courses.md)"),
        TargetCd34DoseStop c => F($"{days} collection{(days == 1 ? "" : "s")} would give {cd34:0.##} ×10^6 CD34+/kg against {c.Dose.E6PerKilogram:0.##} ({string.Join(", ", planned.Select(d => F($"day {d.Day} {d.Predicted.Product.Cd34PerKgE6:0.##}")))}): about {Math.Ceiling(c.Dose.E6PerKilogram / Math.Max(1e-9, cd34 / days)):0} days at this yield, or better mobilisation (blood CD34 ≥ 20 /µL")
            + (_between?.Mobilization is { PlerixaforFromDay: >= 2 } ? ")" : "; for plerixafor the evening before a collection, give the scenario a course with course.mobilization and plan again, docs/model/courses.md)"),
        TargetCd3YieldStop y => F($"{days} collection{(days == 1 ? "" : "s")} would give {cd3:0.##} ×10^9 CD3+ against {y.Cells.E9:0.##} ({string.Join(", ", planned.Select(d => F($"day {d.Day} {d.Predicted.Product.Cd3E9:0.##}")))}): about {Math.Ceiling(y.Cells.E9 / Math.Max(1e-9, cd3 / days)):0} days at this yield"),
        _ => "",
    };

    private static string PerDay(List<PlannedDay> days) => "per day " + string.Join(", ", days.Select(d => F($"{d.Predicted.Wbc.Pre:0} → {d.Predicted.Wbc.Post:0}")));


    /// <summary>
    /// The most whole blood one procedure may process: the longest procedure at the achievable
    /// whole-blood flow, and at most <see cref="PlanOptions.MaxBloodVolumes"/> blood volumes.
    /// </summary>
    public static double MaxLiters(Scenario day, PlanOptions options)
    {
        ArgumentNullException.ThrowIfNull(day);
        ArgumentNullException.ThrowIfNull(options);
        return Math.Min(options.MaxHours * 60 * EffectiveWholeBlood(day) / 1000, options.MaxBloodVolumes * BloodVolume.Estimate(day.Patient).Total.Liters);
    }

    // The whole blood a day processes per minute: the achievable inlet, less the AC.
    private static double EffectiveWholeBlood(Scenario s) => InletLimits.Achievable(s.Patient, s.Procedure) * InletRatio.WholeBloodShare(s.Procedure.InletToAcRatio);

    // A planned volume is set to the millilitre.
    private static Scenario WithVolume(Scenario scenario, double liters) =>
        scenario with { Procedure = scenario.Procedure with { Stop = new ProcessedVolumeStop(Volume.FromLiters(Math.Round(Math.Max(0.01, liters), 3))) } };

    private ProcedureResult Simulate(Scenario scenario)
    {
        _simulations++;
        var engine = new ProcedureEngine(scenario, _cache, carried: _carried);
        var result = engine.RunToEnd();
        _engines[result] = engine;
        return result;
    }

    // The next morning after the day whose run gave this result: the patient carried through the
    // follow-up model, as a course carries it (reservoirs stay as emptied as they are), and the
    // morning's labs from the same prediction. The day's own engine advances (kept by Simulate).
    private Scenario Morning(Scenario today, ProcedureResult result, int day)
    {
        var engine = _engines[result];
        _engines.Clear();
        (_carried, var next) = CourseRunner.NextMorning(engine, today, _between, day);
        return next;
    }

    private static string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
