using System.Collections.Concurrent;
using Leuka.Scenarios;
using Leuka.Separation;

namespace Leuka.Web;

/// <summary>
/// The server's live runs: at most <see cref="MaxRuns"/> at once; a run that ended, or that nobody
/// watched or answered for <see cref="IdleLimit"/>, is closed when a new one starts.
/// </summary>
public sealed class LiveRuns(Func<SeparatorCache> cache, TimeProvider? time = null) : IAsyncDisposable
{
    /// <summary>Live runs held at once.</summary>
    public const int MaxRuns = 8;

    /// <summary>How long an unwatched run is kept.</summary>
    public static TimeSpan IdleLimit { get; } = TimeSpan.FromMinutes(30);

    private readonly ConcurrentDictionary<string, LiveRun> _runs = new();
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly Lock _starting = new();

    /// <summary>Starts a run, or says why not (all slots taken).</summary>
    public async Task<(LiveRun? Run, string? Problem)> Start(Scenario scenario, RunSpeed speed)
    {
        await Sweep();
        lock (_starting)
        {
            if (_runs.Count >= MaxRuns)
            {
                return (null, $"{MaxRuns} live runs are open; end one (DELETE /api/runs/{{id}}) or wait until one is idle for {IdleLimit.TotalMinutes:0} min");
            }

            var run = new LiveRun(scenario, speed, cache(), _time);
            _runs[run.Id] = run;
            return (run, null);
        }
    }

    /// <summary>A run by its id.</summary>
    public LiveRun? Find(string id) => _runs.TryGetValue(id, out var run) ? run : null;

    /// <summary>Every open run.</summary>
    public IReadOnlyList<LiveRun> All => [.. _runs.Values.OrderBy(r => r.Started)];

    /// <summary>Ends and forgets a run.</summary>
    public async Task<bool> Close(string id)
    {
        if (!_runs.TryRemove(id, out var run))
        {
            return false;
        }

        await run.DisposeAsync();
        return true;
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        foreach (var id in _runs.Keys.ToList())
        {
            await Close(id);
        }
    }

    private async Task Sweep()
    {
        var now = _time.GetUtcNow();
        foreach (var run in _runs.Values.Where(r => !r.Watched && (now - r.LastTouched > IdleLimit || (r.Finished && now - r.LastTouched > TimeSpan.FromMinutes(5)))).ToList())
        {
            await Close(run.Id);
        }
    }
}
