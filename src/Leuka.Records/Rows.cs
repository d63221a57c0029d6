namespace Leuka.Records;

/// <summary>
/// What every stored record has. A row is never changed once written: a correction is a new row
/// with the same <see cref="RecordId"/> and the next <see cref="Version"/>, a removal is a new
/// version marked void with a reason. The record's current state is its highest version; a
/// record whose highest version is void no longer counts.
/// </summary>
public abstract class VersionedRow
{
    /// <summary>This row (one version of one record).</summary>
    public Guid RowId { get; set; }

    /// <summary>The record, the same in all its versions.</summary>
    public Guid RecordId { get; set; }

    /// <summary>1 for the first version, then one more per correction or void.</summary>
    public int Version { get; set; }

    /// <summary>When this version was written (UTC, to the millisecond).</summary>
    public DateTime RecordedAt { get; set; }

    /// <summary>Who wrote it.</summary>
    public string RecordedBy { get; set; } = "";

    /// <summary>Why this version replaced the previous one (corrections and voids); null for a first version.</summary>
    public string? Reason { get; set; }

    /// <summary>True when this version removes the record.</summary>
    public bool Voided { get; set; }
}

/// <summary>A patient.</summary>
public sealed class PatientRow : VersionedRow
{
    /// <summary>The unit's identifier (medical record number): unique among current patients.</summary>
    public string Identifier { get; set; } = "";

    /// <summary><c>female</c> or <c>male</c>.</summary>
    public string Sex { get; set; } = "";

    /// <summary>Date of birth.</summary>
    public DateOnly BirthDate { get; set; }

    /// <summary>Height in cm.</summary>
    public double HeightCm { get; set; }

    /// <summary>Weight in kg.</summary>
    public double WeightKg { get; set; }

    /// <summary>As the scenario's <c>patient.diagnosis</c>.</summary>
    public string Diagnosis { get; set; } = "none";
}

/// <summary>A course: the reason for a series of procedures.</summary>
public sealed class CourseRow : VersionedRow
{
    /// <summary>The patient's record id.</summary>
    public Guid PatientId { get; set; }

    /// <summary>Why (e.g. hyperleukocytosis, autologous stem-cell collection, CAR-T lymphocytes).</summary>
    public string Indication { get; set; } = "";

    /// <summary>What counts as done (e.g. "WBC below 100 x10^9/L", "CD34+ 5 x10^6/kg").</summary>
    public string Goal { get; set; } = "";

    /// <summary>Mobilisation or concurrent treatment, free text ("G-CSF 10 ug/kg", "hydroxyurea").</summary>
    public string? Mobilisation { get; set; }

    /// <summary>First day.</summary>
    public DateOnly StartDate { get; set; }
}

/// <summary>One laboratory result, stored in the analyte's canonical unit.</summary>
public sealed class LabRow : VersionedRow
{
    /// <summary>The patient's record id.</summary>
    public Guid PatientId { get; set; }

    /// <summary>When the sample was taken (UTC).</summary>
    public DateTime TakenAt { get; set; }

    /// <summary>The analyte's name (<see cref="Analyte.All"/>).</summary>
    public string Analyte { get; set; } = "";

    /// <summary>The value in <see cref="Unit"/>.</summary>
    public double Value { get; set; }

    /// <summary>The analyte's canonical unit.</summary>
    public string Unit { get; set; } = "";

    /// <summary>The value as entered, with its unit.</summary>
    public string Entered { get; set; } = "";

    /// <summary>LOINC code of the analyte.</summary>
    public string Loinc { get; set; } = "";
}

/// <summary>A procedure as done (entered) or as simulated.</summary>
public sealed class ProcedureRow : VersionedRow
{
    /// <summary>The patient's record id.</summary>
    public Guid PatientId { get; set; }

    /// <summary>The course's record id, if any.</summary>
    public Guid? CourseId { get; set; }

    /// <summary>Start (UTC).</summary>
    public DateTime StartedAt { get; set; }

    /// <summary><c>entered</c> (what happened) or <c>simulated</c> (a run recorded from Leuka).</summary>
    public string Origin { get; set; } = "entered";

    /// <summary>The scenario that describes it (patient before, settings, stop), as scenario JSON.</summary>
    public string Scenario { get; set; } = "";

    /// <summary>Disposable set lot.</summary>
    public string? DisposableLot { get; set; }

    /// <summary>Anticoagulant lot.</summary>
    public string? AnticoagulantLot { get; set; }

    /// <summary>Operator (nurse or physician) at the machine.</summary>
    public string? Operator { get; set; }

    /// <summary>Whole blood processed, L.</summary>
    public double ProcessedVolumeL { get; set; }

    /// <summary>Run time, min.</summary>
    public double DurationMin { get; set; }

    /// <summary>Anticoagulant given, mL.</summary>
    public double AcVolumeMl { get; set; }

    /// <summary>Calcium given, mmol.</summary>
    public double CalciumGivenMmol { get; set; }

    /// <summary>Heparin given, IU (with the anticoagulant and as a bolus); null when none was recorded.</summary>
    public double? HeparinGivenIu { get; set; }

    /// <summary>Interruptions (pauses).</summary>
    public int Interruptions { get; set; }

    /// <summary>The run log: alarms and the operator's responses, as a JSON array.</summary>
    public string RunLog { get; set; } = "[]";
}

/// <summary>A collected product.</summary>
public sealed class ProductRow : VersionedRow
{
    /// <summary>The patient's record id.</summary>
    public Guid PatientId { get; set; }

    /// <summary>The procedure's record id.</summary>
    public Guid ProcedureId { get; set; }

    /// <summary>Volume, mL.</summary>
    public double VolumeMl { get; set; }

    /// <summary>Haematocrit, %.</summary>
    public double? HematocritPercent { get; set; }

    /// <summary>White cells, ×10^9.</summary>
    public double? WbcE9 { get; set; }

    /// <summary>CD34+ cells, ×10^6.</summary>
    public double? Cd34E6 { get; set; }

    /// <summary>CD3+ cells, ×10^9.</summary>
    public double? Cd3E9 { get; set; }

    /// <summary>Platelets, ×10^9.</summary>
    public double? PlateletsE9 { get; set; }

    /// <summary>ISBT 128 product code, where known.</summary>
    public string? Isbt128 { get; set; }
}

/// <summary>An adverse event.</summary>
public sealed class AdverseEventRow : VersionedRow
{
    /// <summary>The patient's record id.</summary>
    public Guid PatientId { get; set; }

    /// <summary>The procedure's record id, if it happened during one.</summary>
    public Guid? ProcedureId { get; set; }

    /// <summary>When (UTC).</summary>
    public DateTime OccurredAt { get; set; }

    /// <summary>Type (<see cref="RecordDocument.AdverseEventTypes"/>).</summary>
    public string Type { get; set; } = "";

    /// <summary>WAA registry severity: 1 mild, 2 moderate, 3 severe, 4 death.</summary>
    public int WaaSeverity { get; set; }

    /// <summary>CTCAE grade 1–5.</summary>
    public int CtcaeGrade { get; set; }

    /// <summary>What was done.</summary>
    public string? Intervention { get; set; }

    /// <summary>How it ended.</summary>
    public string? Outcome { get; set; }

    /// <summary>Whether the procedure was interrupted.</summary>
    public bool Interrupted { get; set; }
}

/// <summary>A per-patient calibration: the fitted parameters, what they were fitted to and by which engine.</summary>
public sealed class CalibrationRow : VersionedRow
{
    /// <summary>The patient's record id.</summary>
    public Guid PatientId { get; set; }

    /// <summary>Leuka's version that fitted it.</summary>
    public string EngineVersion { get; set; } = "";

    /// <summary>The posterior (per parameter: median, 5 %, 95 %) and the fit's diagnostics, JSON.</summary>
    public string Posterior { get; set; } = "{}";

    /// <summary>The observations (procedure and lab record versions) it was fitted to, JSON.</summary>
    public string Observations { get; set; } = "[]";
}

/// <summary>
/// One entry of the audit log. Entries are numbered 1, 2, 3 … with no gap and each carries the
/// SHA-256 of its content and of the entry before it, so an entry changed, removed or inserted
/// outside Leuka breaks the chain (<c>leuka db verify</c>). The database refuses updates and
/// deletes of this table.
/// </summary>
public sealed class AuditRow
{
    /// <summary>Position in the chain, from 1.</summary>
    public long Seq { get; set; }

    /// <summary>When (UTC, to the millisecond).</summary>
    public DateTime At { get; set; }

    /// <summary>Who.</summary>
    public string Actor { get; set; } = "";

    /// <summary><c>create</c>, <c>correct</c> or <c>void</c>.</summary>
    public string Action { get; set; } = "";

    /// <summary>The table.</summary>
    public string Entity { get; set; } = "";

    /// <summary>The record.</summary>
    public Guid RecordId { get; set; }

    /// <summary>The version written.</summary>
    public int Version { get; set; }

    /// <summary>The previous version's content (canonical JSON); null on create.</summary>
    public string? Before { get; set; }

    /// <summary>The new version's content (canonical JSON).</summary>
    public string After { get; set; } = "";

    /// <summary>The previous entry's hash (64 zeros for the first).</summary>
    public string PreviousHash { get; set; } = "";

    /// <summary>SHA-256 (hex) of this entry's content and <see cref="PreviousHash"/>.</summary>
    public string Hash { get; set; } = "";
}
