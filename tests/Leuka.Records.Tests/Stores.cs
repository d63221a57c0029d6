using System.Diagnostics;
using Npgsql;

[assembly: AssemblyFixture(typeof(Leuka.Records.Tests.Postgres))]

namespace Leuka.Records.Tests;

/// <summary>
/// The PostgreSQL server the tests use: <c>LEUKA_TEST_POSTGRES</c> when set (CI starts one with
/// tools/test-postgres), otherwise a throw-away cluster started here with the same script and
/// stopped at the end. Every test gets a database of its own.
/// </summary>
public sealed class Postgres : IDisposable
{
    private readonly string? _dir;

    public Postgres()
    {
        var given = Environment.GetEnvironmentVariable("LEUKA_TEST_POSTGRES");
        if (!string.IsNullOrWhiteSpace(given))
        {
            Admin = given;
            return;
        }

        _dir = Path.Combine(Path.GetTempPath(), "leuka-pg-tests-" + Environment.ProcessId);
        var port = 55000 + (Environment.ProcessId % 5000);
        var (code, output) = Script("start", port);
        Assert.True(code == 0, "could not start a PostgreSQL cluster for the tests (tools/test-postgres start): " + output);
        Admin = output.Trim().Split('\n')[^1];
    }

    /// <summary>A connection string to the server's <c>postgres</c> database.</summary>
    public string Admin { get; }

    /// <summary>A new, empty database on the server.</summary>
    public StoreLocation NewDatabase()
    {
        var name = "leuka_t_" + Guid.NewGuid().ToString("N")[..16];
        using (var c = new NpgsqlConnection(Admin))
        {
            c.Open();
            using var cmd = new NpgsqlCommand($"CREATE DATABASE {name}", c);
            cmd.ExecuteNonQuery();
        }

        return StoreLocation.Parse(new NpgsqlConnectionStringBuilder(Admin) { Database = name, Pooling = false }.ConnectionString);
    }

    public void Dispose()
    {
        if (_dir is not null)
        {
            Script("stop", 0);
        }
    }

    private (int Code, string Output) Script(string verb, int port)
    {
        var info = new ProcessStartInfo(Path.Combine(RepositoryFiles.Root, "tools", "test-postgres"), verb) { RedirectStandardOutput = true, RedirectStandardError = true };
        info.Environment["LEUKA_PG_DIR"] = _dir;
        info.Environment["LEUKA_PG_PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        using var p = Process.Start(info)!;
        var output = p.StandardOutput.ReadToEnd() + p.StandardError.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, output);
    }
}

/// <summary>Fresh, migrated stores on either provider.</summary>
public static class Stores
{
    public static TheoryData<StoreProvider> Providers => [StoreProvider.Sqlite, StoreProvider.PostgreSql];

    public static StoreLocation NewLocation(StoreProvider provider, Postgres pg) => provider == StoreProvider.Sqlite
        ? StoreLocation.Parse(Path.Combine(Path.GetTempPath(), "leuka-records-" + Guid.NewGuid().ToString("N"), "leuka.db"))
        : pg.NewDatabase();

    public static RecordStore New(StoreProvider provider, Postgres pg, TimeProvider? clock = null)
    {
        var location = NewLocation(provider, pg);
        RecordStore.Migrate(location);
        return RecordStore.Open(location, clock);
    }

    /// <summary>Runs raw SQL on the store's database, as someone with the file or a superuser login would.</summary>
    public static int Sql(StoreLocation location, string sql)
    {
        using var db = RecordStore.Connect(location);
        return Microsoft.EntityFrameworkCore.RelationalDatabaseFacadeExtensions.ExecuteSqlRaw(db.Database, sql);
    }
}
