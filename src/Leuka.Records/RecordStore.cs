using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Leuka.Records;

/// <summary>A store problem the user can act on (no schema, unreachable server, newer schema): the message says what to do.</summary>
public sealed class StoreException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// The record store. Every write goes through <see cref="Write{T}"/>: one transaction that adds
/// new rows only and appends one audit entry per row, chained to the entry before it; the
/// transaction either commits whole or changes nothing. Writers are serialised (SQLite's
/// <c>BEGIN IMMEDIATE</c>, a PostgreSQL advisory lock) so the chain has one order.
/// </summary>
public sealed class RecordStore
{
    private const long WriterLock = 7_270_011;
    private readonly TimeProvider _clock;

    private RecordStore(StoreLocation location, TimeProvider clock)
    {
        Location = location;
        _clock = clock;
    }

    /// <summary>Where the store is.</summary>
    public StoreLocation Location { get; }

    /// <summary>Now, as the store stamps it: UTC, to the millisecond (both databases keep that exactly).</summary>
    public DateTime Now
    {
        get
        {
            var t = _clock.GetUtcNow().UtcDateTime;
            return new DateTime(t.Ticks - (t.Ticks % TimeSpan.TicksPerMillisecond), DateTimeKind.Utc);
        }
    }

    /// <summary>Applies the migrations this version knows and returns the ones it applied.</summary>
    public static IReadOnlyList<string> Migrate(StoreLocation location)
    {
        ArgumentNullException.ThrowIfNull(location);
        if (location.Provider == StoreProvider.Sqlite)
        {
            var path = new SqliteConnectionStringBuilder(location.ConnectionString).DataSource;
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        }

        using var db = Connect(location);
        return Guard(location, () =>
        {
            CheckNotNewer(db, location);
            var pending = db.Database.GetPendingMigrations().ToList();
            db.Database.Migrate();
            return pending;
        });
    }

    /// <summary>Opens a store whose schema is current; <see cref="StoreException"/> saying what to do otherwise.</summary>
    public static RecordStore Open(StoreLocation location, TimeProvider? clock = null)
    {
        ArgumentNullException.ThrowIfNull(location);
        if (location.Provider == StoreProvider.Sqlite && !File.Exists(new SqliteConnectionStringBuilder(location.ConnectionString).DataSource))
        {
            throw new StoreException($"no record store at {location.Display}: create it with 'leuka db migrate' (the same --db or {StoreLocation.Variable})");
        }

        using var db = Connect(location);
        Guard(location, () =>
        {
            CheckNotNewer(db, location);
            var pending = db.Database.GetPendingMigrations().ToList();
            if (pending.Count > 0)
            {
                throw new StoreException($"the record store at {location.Display} is not at this version's schema: run 'leuka db migrate' (pending: {string.Join(", ", pending)})");
            }

            return 0;
        });
        return new RecordStore(location, clock ?? TimeProvider.System);
    }

    /// <summary>Runs <paramref name="write"/> in one transaction as <paramref name="actor"/>; nothing is kept if it throws.</summary>
    public T Write<T>(string actor, Func<RecordWriter, T> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        if (string.IsNullOrWhiteSpace(actor))
        {
            throw new RecordInputException("actor", "is empty: every change names who made it (e.g. --actor \"RN J. Smith\")");
        }

        using var db = Connect(Location);
        return Guard(Location, () =>
        {
            // Read committed, whatever the server's default: the last entry is read after the lock.
            using var tx = Location.Provider == StoreProvider.PostgreSql ? db.Database.BeginTransaction(System.Data.IsolationLevel.ReadCommitted) : db.Database.BeginTransaction();
            if (Location.Provider == StoreProvider.PostgreSql)
            {
                db.Database.ExecuteSql($"SELECT pg_advisory_xact_lock({WriterLock})");
            }

            var last = db.Audit.OrderByDescending(a => a.Seq).Select(a => new { a.Seq, a.Hash }).FirstOrDefault();
            var writer = new RecordWriter(db, last?.Seq ?? 0, last?.Hash ?? AuditChain.Origin, actor.Trim(), Now);
            var result = write(writer);
            tx.Commit();
            return result;
        });
    }

    /// <summary>Reads in a context of its own (no tracking).</summary>
    public T Read<T>(Func<RecordsContext, T> read)
    {
        ArgumentNullException.ThrowIfNull(read);
        using var db = Connect(Location);
        db.ChangeTracker.QueryTrackingBehavior = QueryTrackingBehavior.NoTracking;
        return Guard(Location, () => read(db));
    }

    /// <summary>
    /// Checks the audit chain, that every stored row is the one its audit entry describes, and the
    /// database's own integrity: all in one snapshot, so writes made meanwhile are not mistaken for
    /// tampering (SQLite: the writer lock, briefly; PostgreSQL: a repeatable-read transaction).
    /// </summary>
    public VerifyReport Verify()
    {
        using var db = Connect(Location);
        db.ChangeTracker.QueryTrackingBehavior = QueryTrackingBehavior.NoTracking;
        return Guard(Location, () =>
        {
            using var tx = Location.Provider == StoreProvider.PostgreSql ? db.Database.BeginTransaction(System.Data.IsolationLevel.RepeatableRead) : db.Database.BeginTransaction();
            var report = AuditChain.Verify(db, Location.Provider);
            tx.Commit();
            return report;
        });
    }

    /// <summary>A context on <paramref name="location"/> (tests use it to reach the database directly).</summary>
    internal static RecordsContext Connect(StoreLocation location) => new(location.Options());

    private static void CheckNotNewer(RecordsContext db, StoreLocation location)
    {
        var known = db.Database.GetMigrations().ToHashSet(StringComparer.Ordinal);
        var unknown = db.Database.GetAppliedMigrations().Where(m => !known.Contains(m)).ToList();
        if (unknown.Count > 0)
        {
            throw new StoreException($"the record store at {location.Display} has a newer schema than this Leuka knows ({string.Join(", ", unknown)}): use a newer Leuka");
        }
    }

    // Connection and server errors become messages that name the store; everything else is a bug.
    private static T Guard<T>(StoreLocation location, Func<T> action)
    {
        try
        {
            return action();
        }
        catch (NpgsqlException e) when (e is not PostgresException || ((PostgresException)e).SqlState.StartsWith("08", StringComparison.Ordinal) || ((PostgresException)e).SqlState.StartsWith("28", StringComparison.Ordinal) || ((PostgresException)e).SqlState == "3D000")
        {
            throw new StoreException($"cannot reach the record store at {location.Display}: {e.Message}", e);
        }
        catch (SqliteException e) when (e.SqliteErrorCode is 26 or 14 or 8)
        {
            throw new StoreException($"cannot use the record store at {location.Display}: {e.Message}", e);
        }
    }
}

/// <summary>The result of <c>leuka db verify</c>.</summary>
/// <param name="AuditEntries">Entries in the chain.</param>
/// <param name="Rows">Record rows checked against their entries.</param>
/// <param name="Problems">What is wrong, one line each; empty when the store verifies.</param>
/// <param name="Integrity">The database's own integrity check (SQLite <c>integrity_check</c>), or what was done instead.</param>
/// <param name="Head">The last entry's number and hash: kept outside the database (a ticket, a log, a printout), it shows later whether the chain was rewritten.</param>
public sealed record VerifyReport(long AuditEntries, long Rows, IReadOnlyList<string> Problems, string Integrity, string Head)
{
    /// <summary>True when the chain, the rows and the database all check out.</summary>
    public bool Ok => Problems.Count == 0;
}

/// <summary>The hash chain of the audit log and the canonical content it hashes.</summary>
public static class AuditChain
{
    /// <summary>The "previous hash" of the first entry.</summary>
    public static string Origin { get; } = new('0', 64);

    private static readonly JsonSerializerOptions Canonical = new() { WriteIndented = false };

    /// <summary>A row's content as the audit log keeps it: its properties in declaration order, compact JSON.</summary>
    public static string Content(object row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return JsonSerializer.Serialize(row, row.GetType(), Canonical);
    }

    /// <summary>SHA-256 (lowercase hex) of an entry's fields and the previous entry's hash, as a JSON array (unambiguous whatever the fields contain).</summary>
    public static string Hash(AuditRow e)
    {
        ArgumentNullException.ThrowIfNull(e);
        var fields = new object?[]
        {
            e.Seq, e.At.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture), e.Actor, e.Action, e.Entity,
            e.RecordId.ToString("D"), e.Version, e.Before, e.After, e.PreviousHash,
        };
        return Convert.ToHexStringLower(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(fields, Canonical)));
    }

    // A row matches its entry when every field the entry recorded has the same value now; fields
    // added by later versions of Leuka are not in older entries and are not compared.
    internal static bool Matches(string recorded, string now)
    {
        using var a = JsonDocument.Parse(recorded);
        using var b = JsonDocument.Parse(now);
        foreach (var p in a.RootElement.EnumerateObject())
        {
            if (!b.RootElement.TryGetProperty(p.Name, out var q) || p.Value.GetRawText() != q.GetRawText())
            {
                return false;
            }
        }

        return true;
    }

    internal static VerifyReport Verify(RecordsContext db, StoreProvider provider)
    {
        var problems = new List<string>();
        var entries = db.Audit.OrderBy(a => a.Seq).ToList();
        var previous = Origin;
        long expected = 1;
        var byKey = new Dictionary<(string, Guid, int), AuditRow>();
        foreach (var e in entries)
        {
            if (e.Seq != expected)
            {
                problems.Add($"audit entry {expected}: missing (the next is {e.Seq})");
                expected = e.Seq;
            }

            if (e.PreviousHash != previous)
            {
                problems.Add($"audit entry {e.Seq}: does not follow entry {e.Seq - 1} (its previous hash differs)");
            }

            if (Hash(e) != e.Hash)
            {
                problems.Add($"audit entry {e.Seq}: its content does not match its hash (changed after it was written)");
            }

            byKey[(e.Entity, e.RecordId, e.Version)] = e;
            previous = e.Hash;
            expected++;
        }

        long rows = 0;
        void Check<T>(string table, IQueryable<T> set)
            where T : VersionedRow
        {
            foreach (var r in set.AsNoTracking().ToList())
            {
                rows++;
                if (!byKey.Remove((table, r.RecordId, r.Version), out var e))
                {
                    problems.Add($"{table} {r.RecordId} version {r.Version}: no audit entry records it (written outside Leuka)");
                }
                else if (!Matches(e.After, Content(r)))
                {
                    problems.Add($"{table} {r.RecordId} version {r.Version}: differs from what audit entry {e.Seq} recorded (changed after it was written)");
                }
            }
        }

        Check("patients", db.Patients);
        Check("courses", db.Courses);
        Check("labs", db.Labs);
        Check("procedures", db.Procedures);
        Check("products", db.Products);
        Check("adverse_events", db.AdverseEvents);
        Check("calibrations", db.Calibrations);
        foreach (var ((table, id, version), e) in byKey.OrderBy(x => x.Value.Seq))
        {
            problems.Add($"{table} {id} version {version}: recorded by audit entry {e.Seq} but no longer in the table (removed)");
        }

        string integrity;
        if (provider == StoreProvider.Sqlite)
        {
            var conn = db.Database.GetDbConnection();
            db.Database.OpenConnection();
            using var c = conn.CreateCommand();
            c.CommandText = "PRAGMA integrity_check";
            integrity = "SQLite integrity_check: " + Convert.ToString(c.ExecuteScalar(), CultureInfo.InvariantCulture);
            if (!integrity.EndsWith(": ok", StringComparison.Ordinal))
            {
                problems.Add(integrity);
            }
        }
        else
        {
            integrity = "PostgreSQL: every table read in full (pages are checked on read only if the cluster has data checksums)";
        }

        return new VerifyReport(entries.Count, rows, problems, integrity, entries.Count == 0 ? "empty" : $"entry {entries[^1].Seq}, {entries[^1].Hash}");
    }
}
