using System.Text.Json;
using Microsoft.EntityFrameworkCore;

namespace Leuka.Records;

/// <summary>Bad input for the store: the field, what is wrong and what would be valid. Nothing was written.</summary>
public sealed class RecordInputException(string field, string problem) : Exception($"{field}: {problem}")
{
    /// <summary>The field (a path in the input document, or an option).</summary>
    public string Field { get; } = field;
}

/// <summary>
/// The writes of one transaction (<see cref="RecordStore.Write{T}"/>). Each write adds a row and
/// its audit entry and saves at once, so later writes in the same transaction see it; the
/// transaction commits only when every write succeeded.
/// </summary>
public sealed class RecordWriter
{
    private readonly RecordsContext _db;
    private readonly string _actor;
    private long _seq;
    private string _hash;

    internal RecordWriter(RecordsContext db, long seq, string hash, string actor, DateTime now)
    {
        _db = db;
        _seq = seq;
        _hash = hash;
        _actor = actor;
        Now = now;
    }

    /// <summary>The transaction's time (UTC, ms).</summary>
    public DateTime Now { get; }

    /// <summary>Current records of a kind: each record's highest version, unless void.</summary>
    public IQueryable<T> Current<T>()
        where T : VersionedRow => Current(_db.Set<T>());

    /// <summary>The current version of a record, or null when there is none or it is void.</summary>
    public T? Find<T>(Guid recordId)
        where T : VersionedRow => Current<T>().AsNoTracking().FirstOrDefault(r => r.RecordId == recordId);

    /// <summary>Current records of <paramref name="set"/>: each record's highest version, unless void.</summary>
    public static IQueryable<T> Current<T>(IQueryable<T> set)
        where T : VersionedRow => set.Where(r => !r.Voided && r.Version == set.Where(x => x.RecordId == r.RecordId).Max(x => x.Version));

    /// <summary>Writes the first version of a new record.</summary>
    public T Create<T>(T row)
        where T : VersionedRow
    {
        ArgumentNullException.ThrowIfNull(row);
        row.RecordId = row.RecordId == Guid.Empty ? Guid.NewGuid() : row.RecordId;
        row.Version = 1;
        row.Reason = null;
        row.Voided = false;
        return Add(row, "create", before: null);
    }

    /// <summary>Writes a corrected version of a current record: <paramref name="change"/> edits a copy of it.</summary>
    public T Correct<T>(Guid recordId, Action<T> change, string reason)
        where T : VersionedRow
    {
        ArgumentNullException.ThrowIfNull(change);
        var (current, copy) = Next<T>(recordId, reason);
        change(copy);
        copy.RecordId = recordId;
        return Add(copy, "correct", current);
    }

    /// <summary>Writes a void version of a current record: it no longer counts, and every earlier version stays.</summary>
    public T Void<T>(Guid recordId, string reason)
        where T : VersionedRow
    {
        var (current, copy) = Next<T>(recordId, reason);
        copy.Voided = true;
        return Add(copy, "void", current);
    }

    /// <summary>The kinds of record, as the CLI and the HTTP API name them.</summary>
    public static IReadOnlyList<string> Kinds { get; } = ["patient", "course", "lab", "procedure", "product", "adverse-event", "calibration"];

    /// <summary>Voids a record named by its kind's word (<see cref="Kinds"/>); returns the void version.</summary>
    public VersionedRow Void(string kind, Guid recordId, string reason) => kind switch
    {
        "patient" => Void<PatientRow>(recordId, reason),
        "course" => Void<CourseRow>(recordId, reason),
        "lab" => Void<LabRow>(recordId, reason),
        "procedure" => Void<ProcedureRow>(recordId, reason),
        "product" => Void<ProductRow>(recordId, reason),
        "adverse-event" => Void<AdverseEventRow>(recordId, reason),
        "calibration" => Void<CalibrationRow>(recordId, reason),
        _ => throw new RecordInputException("kind", $"\"{kind}\" is not one of {string.Join(", ", Kinds)}"),
    };

    private (T Current, T Copy) Next<T>(Guid recordId, string reason)
        where T : VersionedRow
    {
        if (string.IsNullOrWhiteSpace(reason))
        {
            throw new RecordInputException("reason", "is empty: a correction or a void says why");
        }

        var current = Find<T>(recordId) ?? throw new RecordInputException("id", $"no current {Table<T>()} record {recordId} (unknown, or void)");
        var copy = JsonSerializer.Deserialize<T>(AuditChain.Content(current))!;
        copy.Version = current.Version + 1;
        copy.Reason = reason.Trim();
        return (current, copy);
    }

    private T Add<T>(T row, string action, T? before)
        where T : VersionedRow
    {
        row.RowId = Guid.NewGuid();
        row.RecordedAt = Now;
        row.RecordedBy = _actor;
        _db.Add(row);
        _db.SaveChanges();
        _db.ChangeTracker.Clear();
        // The audit entry records the row as the database keeps it (times to its precision, -0 as
        // 0), read back inside the transaction, so that verify compares like with like.
        var stored = _db.Set<T>().AsNoTracking().Single(r => r.RowId == row.RowId);
        var entry = new AuditRow
        {
            Seq = _seq + 1,
            At = Now,
            Actor = _actor,
            Action = action,
            Entity = Table<T>(),
            RecordId = row.RecordId,
            Version = row.Version,
            Before = before is null ? null : AuditChain.Content(before),
            After = AuditChain.Content(stored),
            PreviousHash = _hash,
        };
        entry.Hash = AuditChain.Hash(entry);
        _db.Audit.Add(entry);
        _db.SaveChanges();
        _db.ChangeTracker.Clear();
        _seq = entry.Seq;
        _hash = entry.Hash;
        return stored;
    }

    private string Table<T>() => _db.Model.FindEntityType(typeof(T))!.GetTableName()!;
}
