namespace Leuka.Procedure;

/// <summary>
/// The clinical thresholds the scenario warnings, the engine and the planner share: each exists
/// once. Sources: docs/reference/MODEL-DATA.md §5–7 and docs/model/safety.md.
/// </summary>
public static class ClinicalThresholds
{
    /// <summary>WBC above which the count is hyperleukocytosis, ×10^9/L.</summary>
    public const double HyperleukocytosisWbc = 100;

    /// <summary>Platelets below which bleeding risk is high, ×10^9/L (transfusion threshold).</summary>
    public const double PlateletFloor = 20;

    /// <summary>Platelets below which a bleeding patient, or one after a procedure, is at risk, ×10^9/L.</summary>
    public const double PlateletFloorWithBleeding = 50;

    /// <summary>
    /// The saline bolus for hypotension, mL: 250 for adults (Evers: at least 250 mL during the
    /// procedure), 10 mL/kg for children, at most the adult's (assumption: the lower end of
    /// resuscitation boluses). docs/model/circulation.md.
    /// </summary>
    public static double SalineBolusMl(bool child, double weightKg) => child ? Math.Min(250, 10 * weightKg) : 250;

    /// <summary>
    /// Plasma heparin above which the outcome warns, IU/mL anti-Xa: the top of the therapeutic range
    /// 0.3–0.7 (Brunet et al., Am J Kidney Dis 2008;51:789; docs/model/heparin.md).
    /// </summary>
    public const double HeparinAntiXaCeiling = 0.7;

    /// <summary>Plasma potassium below which the outcome warns, mmol/L (the hypokalaemia Schlenke et al., J Clin Apher 2000, counted: 21 % of unsupplemented patients).</summary>
    public const double PotassiumFloor = 3.0;

    /// <summary>
    /// Ionized magnesium below which the outcome notes it, mmol/L: the lower limit of the healthy
    /// reference interval, 0.44–0.59 (125 volunteers, NOVA 8 ion-selective electrode; Greenway et
    /// al., Clin Biochem 1996;29:515). Below the normal range, not a threshold of harm: none is published.
    /// </summary>
    public const double IonizedMagnesiumFloor = 0.44;

    /// <summary>Upper limit of that healthy interval, mmol/L (shown beside the value).</summary>
    public const double IonizedMagnesiumHealthyTop = 0.59;

    /// <summary>Haemoglobin above which red cells are not transfused before the white count falls, g/dL (viscosity).</summary>
    public const double HemoglobinInHyperleukocytosis = 10;

    /// <summary>Weight below which volume shifts, citrate and temperature need close watch, kg.</summary>
    public const double SmallPatientKg = 20;

    /// <summary>Ionized calcium nadir the planner keeps the patient above, mmol/L (the engine's warning level).</summary>
    public const double CalciumNadirFloor = EngineOptions.CalciumWarning;

    /// <summary>Citrate infusion ceiling, mg/kg/min (UK donor ceiling 0.010 mmol/kg/min).</summary>
    public const double CitrateRateCeiling = 1.9;

    /// <summary>Extracorporeal volume above which a red-cell prime is considered, % of TBV.</summary>
    public const double ExtracorporealCautionPercent = 15;

    /// <summary>Blood CD34+ below which mobilisation is poor, /µL.</summary>
    public const double PoorMobilisationCd34 = 10;

    /// <summary>
    /// Net fluid balance, either way, above which volume status is to be checked, % of TBV. An
    /// assumption (docs/reference/MODEL-DATA.md gives no published threshold): the share of the
    /// blood volume the extracorporeal-volume rule treats as the caution level.
    /// </summary>
    public const double FluidBalancePercentOfTbv = ExtracorporealCautionPercent;

    /// <summary>
    /// The net volume a patient may lose in one procedure (what is drawn and not given back), % of
    /// TBV: the absolute limit at which the engine stops the run. Sources: docs/model/safety.md
    /// (absolute limits).
    /// </summary>
    public const double FluidLossPercentOfTbv = 15;

    /// <summary>
    /// Haematocrit the procedure may not concentrate the blood to, %: blood viscosity about
    /// doubles from 40 to 60 % and climbs steeply beyond (docs/reference/safety-limits.md).
    /// </summary>
    public const double HematocritLimitPercent = 60;

    /// <summary>A haematocrit analyser's precision, percentage points: a start already beyond the limit may rise this much.</summary>
    public const double HematocritMeasurementPoints = 1;

    /// <summary>
    /// The set's blood volume, with a prime that is not blood, above which the procedure is
    /// refused, % of TBV: a loss beyond 30 % of the blood volume is haemorrhage class III (blood
    /// pressure falls; crystalloid alone does not replace it, ATLS): prime with red cells.
    /// </summary>
    public const double ExtracorporealLimitPercent = 30;

    /// <summary>The haematocrit at which the engine stops a run for a patient who starts at <paramref name="startPercent"/>.</summary>
    public static double HematocritLimit(double startPercent) => Math.Max(HematocritLimitPercent, startPercent + HematocritMeasurementPoints);
}
