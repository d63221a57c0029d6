using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Leuka.Records.Migrations;

/// <summary>
/// The first schema. Written by hand rather than generated, so that one migration serves SQLite
/// and PostgreSQL: columns name their CLR type and each provider chooses its own column type.
/// Tables are append-only, and the database enforces it with triggers.
/// </summary>
[DbContext(typeof(RecordsContext))]
[Migration("20261130000001_Initial")]
public sealed class Initial : Migration
{
    /// <inheritdoc />
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        var m = migrationBuilder;
        m.CreateTable("patients", t => new
        {
            RowId = t.Column<Guid>(), RecordId = t.Column<Guid>(), Version = t.Column<int>(), RecordedAt = t.Column<DateTime>(), RecordedBy = t.Column<string>(), Reason = t.Column<string>(nullable: true), Voided = t.Column<bool>(),
            Identifier = t.Column<string>(), Sex = t.Column<string>(), BirthDate = t.Column<DateOnly>(), HeightCm = t.Column<double>(), WeightKg = t.Column<double>(), Diagnosis = t.Column<string>(),
        }, constraints: t => t.PrimaryKey("PK_patients", x => x.RowId));
        m.CreateTable("courses", t => new
        {
            RowId = t.Column<Guid>(), RecordId = t.Column<Guid>(), Version = t.Column<int>(), RecordedAt = t.Column<DateTime>(), RecordedBy = t.Column<string>(), Reason = t.Column<string>(nullable: true), Voided = t.Column<bool>(),
            PatientId = t.Column<Guid>(), Indication = t.Column<string>(), Goal = t.Column<string>(), Mobilisation = t.Column<string>(nullable: true), StartDate = t.Column<DateOnly>(),
        }, constraints: t => t.PrimaryKey("PK_courses", x => x.RowId));
        m.CreateTable("labs", t => new
        {
            RowId = t.Column<Guid>(), RecordId = t.Column<Guid>(), Version = t.Column<int>(), RecordedAt = t.Column<DateTime>(), RecordedBy = t.Column<string>(), Reason = t.Column<string>(nullable: true), Voided = t.Column<bool>(),
            PatientId = t.Column<Guid>(), TakenAt = t.Column<DateTime>(), Analyte = t.Column<string>(), Value = t.Column<double>(), Unit = t.Column<string>(), Entered = t.Column<string>(), Loinc = t.Column<string>(),
        }, constraints: t => t.PrimaryKey("PK_labs", x => x.RowId));
        m.CreateTable("procedures", t => new
        {
            RowId = t.Column<Guid>(), RecordId = t.Column<Guid>(), Version = t.Column<int>(), RecordedAt = t.Column<DateTime>(), RecordedBy = t.Column<string>(), Reason = t.Column<string>(nullable: true), Voided = t.Column<bool>(),
            PatientId = t.Column<Guid>(), CourseId = t.Column<Guid>(nullable: true), StartedAt = t.Column<DateTime>(), Origin = t.Column<string>(), Scenario = t.Column<string>(),
            DisposableLot = t.Column<string>(nullable: true), AnticoagulantLot = t.Column<string>(nullable: true), Operator = t.Column<string>(nullable: true),
            ProcessedVolumeL = t.Column<double>(), DurationMin = t.Column<double>(), AcVolumeMl = t.Column<double>(), CalciumGivenMmol = t.Column<double>(), Interruptions = t.Column<int>(), RunLog = t.Column<string>(),
        }, constraints: t => t.PrimaryKey("PK_procedures", x => x.RowId));
        m.CreateTable("products", t => new
        {
            RowId = t.Column<Guid>(), RecordId = t.Column<Guid>(), Version = t.Column<int>(), RecordedAt = t.Column<DateTime>(), RecordedBy = t.Column<string>(), Reason = t.Column<string>(nullable: true), Voided = t.Column<bool>(),
            PatientId = t.Column<Guid>(), ProcedureId = t.Column<Guid>(), VolumeMl = t.Column<double>(), HematocritPercent = t.Column<double>(nullable: true), WbcE9 = t.Column<double>(nullable: true),
            Cd34E6 = t.Column<double>(nullable: true), Cd3E9 = t.Column<double>(nullable: true), PlateletsE9 = t.Column<double>(nullable: true), Isbt128 = t.Column<string>(nullable: true),
        }, constraints: t => t.PrimaryKey("PK_products", x => x.RowId));
        m.CreateTable("adverse_events", t => new
        {
            RowId = t.Column<Guid>(), RecordId = t.Column<Guid>(), Version = t.Column<int>(), RecordedAt = t.Column<DateTime>(), RecordedBy = t.Column<string>(), Reason = t.Column<string>(nullable: true), Voided = t.Column<bool>(),
            PatientId = t.Column<Guid>(), ProcedureId = t.Column<Guid>(nullable: true), OccurredAt = t.Column<DateTime>(), Type = t.Column<string>(), WaaSeverity = t.Column<int>(), CtcaeGrade = t.Column<int>(),
            Intervention = t.Column<string>(nullable: true), Outcome = t.Column<string>(nullable: true), Interrupted = t.Column<bool>(),
        }, constraints: t => t.PrimaryKey("PK_adverse_events", x => x.RowId));
        m.CreateTable("calibrations", t => new
        {
            RowId = t.Column<Guid>(), RecordId = t.Column<Guid>(), Version = t.Column<int>(), RecordedAt = t.Column<DateTime>(), RecordedBy = t.Column<string>(), Reason = t.Column<string>(nullable: true), Voided = t.Column<bool>(),
            PatientId = t.Column<Guid>(), EngineVersion = t.Column<string>(), Posterior = t.Column<string>(), Observations = t.Column<string>(),
        }, constraints: t => t.PrimaryKey("PK_calibrations", x => x.RowId));
        m.CreateTable(RecordsContext.AuditTable, t => new
        {
            Seq = t.Column<long>(), At = t.Column<DateTime>(), Actor = t.Column<string>(), Action = t.Column<string>(), Entity = t.Column<string>(), RecordId = t.Column<Guid>(), Version = t.Column<int>(),
            Before = t.Column<string>(nullable: true), After = t.Column<string>(), PreviousHash = t.Column<string>(), Hash = t.Column<string>(),
        }, constraints: t => t.PrimaryKey("PK_audit_log", x => x.Seq));

        foreach (var table in RecordsContext.RecordTables)
        {
            m.CreateIndex($"IX_{table}_RecordId_Version", table, ["RecordId", "Version"], unique: true);
        }

        m.CreateIndex("IX_patients_Identifier", "patients", "Identifier");
        m.CreateIndex("IX_courses_PatientId", "courses", "PatientId");
        m.CreateIndex("IX_labs_PatientId_TakenAt", "labs", ["PatientId", "TakenAt"]);
        m.CreateIndex("IX_procedures_PatientId_StartedAt", "procedures", ["PatientId", "StartedAt"]);
        m.CreateIndex("IX_products_ProcedureId", "products", "ProcedureId");
        m.CreateIndex("IX_adverse_events_PatientId", "adverse_events", "PatientId");
        m.CreateIndex("IX_calibrations_PatientId", "calibrations", "PatientId");
        m.CreateIndex("IX_audit_log_Entity_RecordId_Version", RecordsContext.AuditTable, ["Entity", "RecordId", "Version"], unique: true);

        AppendOnly(m);
    }

    /// <inheritdoc />
    protected override void Down(MigrationBuilder migrationBuilder) =>
        throw new NotSupportedException("the record store is never rolled back: records are not to be lost");

    // The database itself refuses to change or remove a written row, whoever connects.
    private static void AppendOnly(MigrationBuilder m)
    {
        var tables = RecordsContext.RecordTables.Append(RecordsContext.AuditTable);
        if (m.ActiveProvider == "Npgsql.EntityFrameworkCore.PostgreSQL")
        {
            m.Sql("""
                CREATE FUNCTION leuka_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                  RAISE EXCEPTION 'table % is append-only: a correction is a new version, a removal a void', TG_TABLE_NAME;
                END $$;
                """);
            foreach (var t in tables)
            {
                m.Sql($"CREATE TRIGGER {t}_append_only BEFORE UPDATE OR DELETE ON {t} FOR EACH ROW EXECUTE FUNCTION leuka_append_only();");
                m.Sql($"CREATE TRIGGER {t}_no_truncate BEFORE TRUNCATE ON {t} FOR EACH STATEMENT EXECUTE FUNCTION leuka_append_only();");
            }
        }
        else
        {
            foreach (var t in tables)
            {
                m.Sql($"CREATE TRIGGER {t}_no_update BEFORE UPDATE ON {t} BEGIN SELECT RAISE(ABORT, 'table {t} is append-only: a correction is a new version, a removal a void'); END;");
                m.Sql($"CREATE TRIGGER {t}_no_delete BEFORE DELETE ON {t} BEGIN SELECT RAISE(ABORT, 'table {t} is append-only: a correction is a new version, a removal a void'); END;");
            }
        }
    }
}
