using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Leuka.Records;

/// <summary>The record store's schema. One model for SQLite and PostgreSQL; the migrations in
/// <c>Migrations/</c> are written by hand so that one set serves both.</summary>
public sealed class RecordsContext(DbContextOptions<RecordsContext> options) : DbContext(options)
{
    /// <summary>Table names, in the order the audit log and <c>leuka db verify</c> walk them.</summary>
    public static IReadOnlyList<string> RecordTables { get; } = ["patients", "courses", "labs", "procedures", "products", "adverse_events", "calibrations"];

    /// <summary>The audit log's table.</summary>
    public const string AuditTable = "audit_log";

    /// <summary>Patients, every version.</summary>
    public DbSet<PatientRow> Patients => Set<PatientRow>();

    /// <summary>Courses, every version.</summary>
    public DbSet<CourseRow> Courses => Set<CourseRow>();

    /// <summary>Laboratory results, every version.</summary>
    public DbSet<LabRow> Labs => Set<LabRow>();

    /// <summary>Procedures, every version.</summary>
    public DbSet<ProcedureRow> Procedures => Set<ProcedureRow>();

    /// <summary>Products, every version.</summary>
    public DbSet<ProductRow> Products => Set<ProductRow>();

    /// <summary>Adverse events, every version.</summary>
    public DbSet<AdverseEventRow> AdverseEvents => Set<AdverseEventRow>();

    /// <summary>Per-patient calibrations, every version.</summary>
    public DbSet<CalibrationRow> Calibrations => Set<CalibrationRow>();

    /// <summary>The audit log.</summary>
    public DbSet<AuditRow> Audit => Set<AuditRow>();

    /// <inheritdoc />
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        ArgumentNullException.ThrowIfNull(configurationBuilder);
        // Every time is UTC; SQLite returns its text without a kind, so the kind is restored on read.
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcConverter>();
    }

    /// <inheritdoc />
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        Versioned<PatientRow>(modelBuilder, "patients").HasIndex(p => p.Identifier);
        Versioned<CourseRow>(modelBuilder, "courses").HasIndex(p => p.PatientId);
        Versioned<LabRow>(modelBuilder, "labs").HasIndex(p => new { p.PatientId, p.TakenAt });
        Versioned<ProcedureRow>(modelBuilder, "procedures").HasIndex(p => new { p.PatientId, p.StartedAt });
        Versioned<ProductRow>(modelBuilder, "products").HasIndex(p => p.ProcedureId);
        Versioned<AdverseEventRow>(modelBuilder, "adverse_events").HasIndex(p => p.PatientId);
        Versioned<CalibrationRow>(modelBuilder, "calibrations").HasIndex(p => p.PatientId);
        var audit = modelBuilder.Entity<AuditRow>();
        audit.ToTable(AuditTable);
        audit.HasKey(a => a.Seq);
        audit.Property(a => a.Seq).ValueGeneratedNever();
        audit.HasIndex(a => new { a.Entity, a.RecordId, a.Version }).IsUnique();
    }

    private static EntityTypeBuilder<T> Versioned<T>(ModelBuilder b, string table)
        where T : VersionedRow
    {
        var e = b.Entity<T>();
        e.ToTable(table);
        e.HasKey(r => r.RowId);
        e.Property(r => r.RowId).ValueGeneratedNever();
        // Two writers correcting the same record at once: one wins, the other's insert fails.
        e.HasIndex(r => new { r.RecordId, r.Version }).IsUnique();
        return e;
    }

    private sealed class UtcConverter() : ValueConverter<DateTime, DateTime>(v => v.Kind == DateTimeKind.Utc ? v : v.ToUniversalTime(), v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
}
