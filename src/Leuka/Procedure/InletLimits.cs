using Leuka.Patients;
using Leuka.Physiology;
using Leuka.Quantities;

namespace Leuka.Procedure;

/// <summary>
/// The inlet flow a procedure can run at: the AC infusion-rate limit, what the access can give at
/// the blood's viscosity, and what the return line can take. The one home of these limits: the
/// engine (which raises the alarms), the scenario warnings and the planner all use them.
/// Model and sources: docs/model/procedure.md (inlet limits).
/// </summary>
public static class InletLimits
{
    /// <summary>Blood viscosity relative to normal blood (Hct 40 %) from the cell volume fraction: red cells plus white cells.</summary>
    public static double Viscosity(Fraction hematocrit, double leukocrit) => AccessModel.RelativeViscosity(hematocrit.Ratio + leukocrit);

    /// <summary>Blood viscosity of the patient as the labs describe it (the diagnosis decides the blasts' size, the patient's variation scales it).</summary>
    public static double Viscosity(Patient patient)
    {
        ArgumentNullException.ThrowIfNull(patient);
        return Viscosity(patient.Labs.Hematocrit, PatientAssessment.LeukocritOf(patient));
    }

    /// <summary>Blood viscosity of the patient now.</summary>
    public static double Viscosity(PatientPhysiologyState patient, Diagnosis diagnosis, double blastVolume = 1)
    {
        ArgumentNullException.ThrowIfNull(patient);
        var leukocrit = PatientAssessment.LeukocritOf(
            patient.Concentration(CellSpecies.Granulocytes), patient.Concentration(CellSpecies.Lymphocytes), patient.Concentration(CellSpecies.Monocytes), patient.Concentration(CellSpecies.Blasts), diagnosis, blastVolume);
        return Viscosity(patient.Hematocrit, leukocrit);
    }

    /// <summary>The inlet flow (mL/min) at which AC reaches the patient at the limit: limit × TBV × ratio.</summary>
    public static double AcLimited(FlowPerBloodVolume limit, Volume totalBloodVolume, double inletToAcRatio) =>
        limit.MillilitersPerMinutePerLiter * totalBloodVolume.Liters * inletToAcRatio;

    /// <summary>The inlet flow (mL/min) at which the access pressure reaches its safety limit.</summary>
    public static double Access(VascularAccess access, double viscosity, double inletToAcRatio) =>
        AccessModel.For(access).InletCapacity(viscosity, inletToAcRatio);

    /// <summary>
    /// The inlet flow (mL/min) at which the return pressure reaches its safety limit. The return is
    /// the inlet less the collect flow actually run, min(setting, half the inlet), and nothing is
    /// collected before the interface has formed: inlet ≤ min(capacity + collect, 2 × capacity).
    /// </summary>
    public static double Return(VascularAccess access, double viscosity, VolumeFlow collectSetting, bool collecting)
    {
        var capacity = AccessModel.For(access).ReturnCapacityMlPerMin / viscosity;
        return collecting ? Math.Min(capacity + collectSetting.MillilitersPerMinute, 2 * capacity) : capacity;
    }

    /// <summary>The inlet flow (mL/min) a scenario's procedure runs at from the start: its setting within every limit, at the patient's labs.</summary>
    public static double Achievable(Patient patient, ProcedureSettings procedure)
    {
        ArgumentNullException.ThrowIfNull(patient);
        ArgumentNullException.ThrowIfNull(procedure);
        var viscosity = Viscosity(patient);
        var tbv = BloodVolume.Estimate(patient).Total;
        return Math.Min(
            procedure.InletFlow.MillilitersPerMinute,
            Math.Min(
                AcLimited(procedure.AcInfusionRateLimit, tbv, procedure.InletToAcRatio),
                Math.Min(Access(procedure.Access, viscosity, procedure.InletToAcRatio), Return(procedure.Access, viscosity, procedure.CollectFlow, true))));
    }
}
