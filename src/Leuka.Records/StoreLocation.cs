using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;

namespace Leuka.Records;

/// <summary>Which database a store is kept in.</summary>
public enum StoreProvider
{
    /// <summary>A SQLite file (the default: no set-up).</summary>
    Sqlite,

    /// <summary>A PostgreSQL server (a unit sharing one store).</summary>
    PostgreSql,
}

/// <summary>
/// Where the record store is: <c>--db</c>, else <c>LEUKA_DB</c>, else the default SQLite file.
/// A value that is a PostgreSQL connection string (<c>Host=…</c>, or a <c>postgresql://</c> URI)
/// selects PostgreSQL; anything else is a SQLite file path (or <c>Data Source=…</c>).
/// </summary>
public sealed record StoreLocation(StoreProvider Provider, string ConnectionString, string Display)
{
    /// <summary>The environment variable that names the store.</summary>
    public const string Variable = "LEUKA_DB";

    /// <summary>The default SQLite file: <c>$XDG_DATA_HOME/leuka/leuka.db</c>, or <c>~/.local/share/leuka/leuka.db</c>.</summary>
    public static string DefaultPath =>
        Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify), "leuka", "leuka.db");

    /// <summary>The store named by <paramref name="value"/> (the option), the environment, or the default.</summary>
    public static StoreLocation Resolve(string? value)
    {
        var v = string.IsNullOrWhiteSpace(value) ? Environment.GetEnvironmentVariable(Variable) : value;
        return Parse(string.IsNullOrWhiteSpace(v) ? DefaultPath : v);
    }

    /// <summary>Reads one value; <see cref="FormatException"/> when it cannot be a store.</summary>
    public static StoreLocation Parse(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var v = value.Trim();
        if (v.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) || v.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase))
        {
            return FromUri(v);
        }

        if (v.Contains("Host=", StringComparison.OrdinalIgnoreCase) || v.Contains("Server=", StringComparison.OrdinalIgnoreCase))
        {
            NpgsqlConnectionStringBuilder b;
            try
            {
                b = new NpgsqlConnectionStringBuilder(v);
            }
            catch (ArgumentException e)
            {
                throw new FormatException($"db: not a valid PostgreSQL connection string ({e.Message}); e.g. \"Host=127.0.0.1;Port=5432;Database=leuka;Username=leuka\"", e);
            }

            return new StoreLocation(StoreProvider.PostgreSql, b.ConnectionString, $"PostgreSQL {b.Host}:{b.Port}/{b.Database}");
        }

        var path = v.StartsWith("Data Source=", StringComparison.OrdinalIgnoreCase) ? new SqliteConnectionStringBuilder(v).DataSource : v;
        if (path.Length == 0 || path == ":memory:")
        {
            throw new FormatException("db: a SQLite store needs a file path (an in-memory database would lose every record on exit)");
        }

        var full = Path.GetFullPath(path);
        var cs = new SqliteConnectionStringBuilder { DataSource = full, Mode = SqliteOpenMode.ReadWriteCreate, DefaultTimeout = 30 };
        return new StoreLocation(StoreProvider.Sqlite, cs.ConnectionString, "SQLite " + full);
    }

    private static StoreLocation FromUri(string v)
    {
        if (!Uri.TryCreate(v, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
        {
            throw new FormatException($"db: \"{v}\" is not a valid postgresql:// URI; e.g. postgresql://leuka@127.0.0.1:5432/leuka");
        }

        if (uri.Query.Length > 1)
        {
            // Options such as sslmode must not be dropped silently: a weaker connection than asked for.
            throw new FormatException("db: options after \"?\" in a postgresql:// URI are not read; give a keyword connection string instead, e.g. \"Host=db.example;Database=leuka;Username=leuka;SSL Mode=VerifyFull\"");
        }

        var user = Uri.UnescapeDataString(uri.UserInfo.Split(':')[0]);
        var b = new NpgsqlConnectionStringBuilder
        {
            Host = uri.Host,
            Port = uri.IsDefaultPort || uri.Port < 0 ? 5432 : uri.Port,
            Database = uri.AbsolutePath.Trim('/') is { Length: > 0 } db ? Uri.UnescapeDataString(db) : "leuka",
        };
        if (user.Length > 0)
        {
            b.Username = user;
        }

        if (uri.UserInfo.Split(':', 2) is [_, var password])
        {
            b.Password = Uri.UnescapeDataString(password);
        }

        return new StoreLocation(StoreProvider.PostgreSql, b.ConnectionString, $"PostgreSQL {b.Host}:{b.Port}/{b.Database}");
    }

    /// <summary>Context options for this store.</summary>
    internal DbContextOptions<RecordsContext> Options()
    {
        var b = new DbContextOptionsBuilder<RecordsContext>();
        if (Provider == StoreProvider.Sqlite)
        {
            b.UseSqlite(ConnectionString).AddInterceptors(SqlitePragmas.Instance);
        }
        else
        {
            b.UseNpgsql(ConnectionString);
        }

        // The migrations are hand-written for both providers (no generated snapshot): the schema is
        // checked by the tests, which write and read every table on both.
        b.ConfigureWarnings(w => w.Ignore(RelationalEventId.PendingModelChangesWarning));
        return b.Options;
    }

    // Durable commits: WAL with a full sync at each commit, so an acknowledged write survives a
    // crash or power loss of the process (docs/records.md).
    private sealed class SqlitePragmas : DbConnectionInterceptor
    {
        public static SqlitePragmas Instance { get; } = new();

        public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Apply(connection);

        public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
        {
            Apply(connection);
            return Task.CompletedTask;
        }

        private static void Apply(DbConnection connection)
        {
            using var command = connection.CreateCommand();
            // recursive_triggers: INSERT OR REPLACE then fires the delete triggers too, so it cannot remove a row.
            command.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; PRAGMA recursive_triggers=ON;";
            command.ExecuteNonQuery();
        }
    }
}
