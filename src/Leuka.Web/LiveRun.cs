using System.Globalization;
using System.Text.Json;
using System.Threading.Channels;
using Leuka.Formats;
using Leuka.Procedure;
using Leuka.Scenarios;
using Leuka.Separation;

namespace Leuka.Web;

/// <summary>How fast a live run's clock goes.</summary>
public enum RunSpeed
{
    /// <summary>The clock is stopped.</summary>
    Paused,

    /// <summary>Real time: a procedure minute per minute.</summary>
    X1,

    /// <summary>Ten procedure minutes per minute.</summary>
    X10,

    /// <summary>Sixty procedure minutes per minute (a minute a second).</summary>
    X60,

    /// <summary>As fast as the machine computes.</summary>
    Max,
}

/// <summary>Something that happened in a live run, as streamed to the console and to SSE clients.</summary>
/// <param name="Kind">step, alarm, action, state or ended.</param>
/// <param name="Json">The event's data, JSON.</param>
public sealed record LiveEvent(string Kind, string Json);

/// <summary>An entry of the run's log: what was done, when (procedure time and wall clock) and by whom.</summary>
/// <param name="AtMinutes">Procedure time.</param>
/// <param name="Wall">Wall-clock time.</param>
/// <param name="Who">operator, instructor or system.</param>
/// <param name="What">The action in the file's words.</param>
public sealed record LogEntry(double AtMinutes, DateTimeOffset Wall, string Who, string What);

/// <summary>
/// A procedure stepped as it happens: a clock at a chosen speed drives the engine; alarms are raised
/// to whoever watches and wait for an answer; actions are applied between steps and written to the
/// run's log. Faster than real time, the clock holds at an alarm of the safety or absolute tier
/// until it is acknowledged, so nobody misses it. One lock guards the engine.
/// </summary>
public sealed class LiveRun : IAsyncDisposable
{
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);
    private readonly ProcedureEngine _engine;
    private readonly Lock _gate = new();
    private readonly List<LogEntry> _log = [];
    private readonly List<Channel<LiveEvent>> _subscribers = [];
    private readonly List<LiveEvent> _history = [];
    private readonly HashSet<int> _acknowledged = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly TimeProvider _time;
    private readonly Task _driver;
    private int _rowsSent;
    private int _alarmsSent;
    private bool _disposed;
    private DateTimeOffset _lastTouched;

    /// <summary>Starts a run of a valid scenario at a speed.</summary>
    public LiveRun(Scenario scenario, RunSpeed speed, SeparatorCache cache, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        _engine = new ProcedureEngine(scenario, cache);
        _time = time ?? TimeProvider.System;
        Speed = speed;
        Id = Guid.NewGuid().ToString("N")[..12];
        Started = _time.GetUtcNow();
        _lastTouched = Started;
        lock (_gate)
        {
            Publish();
        }

        _driver = Task.Run(DriveAsync);
    }

    /// <summary>The run's identifier.</summary>
    public string Id { get; }

    /// <summary>The scenario being run.</summary>
    public Scenario Scenario => _engine.Scenario;

    /// <summary>When the run started (wall clock).</summary>
    public DateTimeOffset Started { get; }

    /// <summary>When someone last watched or acted (for expiry).</summary>
    public DateTimeOffset LastTouched { get { lock (_gate) { return _lastTouched; } } }

    /// <summary>Whether someone follows the run's events now (such a run is never closed as idle).</summary>
    public bool Watched { get { lock (_gate) { return _subscribers.Count > 0; } } }

    /// <summary>The clock's speed.</summary>
    public RunSpeed Speed { get; private set; }

    /// <summary>Whether the clock holds at an unanswered alarm.</summary>
    public bool Held { get; private set; }

    /// <summary>Whether the procedure has ended.</summary>
    public bool Finished { get { lock (_gate) { return _engine.IsFinished; } } }

    /// <summary>Raised (outside the lock) after anything changed: for the console to redraw.</summary>
    public event Action? Changed;

    /// <summary>The engine's state now.</summary>
    public ProcedureSnapshot Snapshot { get { lock (_gate) { return _engine.Current; } } }

    /// <summary>Minute rows so far.</summary>
    public IReadOnlyList<TimeSeriesRow> Rows { get { lock (_gate) { return [.. _engine.Rows]; } } }

    /// <summary>Alarms so far, with whether each was acknowledged.</summary>
    public IReadOnlyList<(int Index, Alarm Alarm, bool Acknowledged)> Alarms
    {
        get
        {
            lock (_gate)
            {
                return [.. _engine.Alarms.Select((a, i) => (i, a, _acknowledged.Contains(i)))];
            }
        }
    }

    /// <summary>The run's log.</summary>
    public IReadOnlyList<LogEntry> Log { get { lock (_gate) { return [.. _log]; } } }

    /// <summary>The result once ended (null before).</summary>
    public ProcedureResult? Result { get { lock (_gate) { return _engine.IsFinished ? _engine.Result() : null; } } }

    /// <summary>Applies an action now and writes it to the log; the error says why it cannot be (null: applied).</summary>
    public string? Apply(EventAction action, string who)
    {
        ArgumentNullException.ThrowIfNull(action);
        lock (_gate)
        {
            _lastTouched = _time.GetUtcNow();
            if (_engine.IsFinished)
            {
                return "the procedure has ended";
            }

            _engine.Apply(action);
            AddLog(who, ScenarioWords.Of(action));
            Publish();
        }

        Changed?.Invoke();
        return null;
    }

    /// <summary>Acknowledges an alarm (its index in the list); the clock goes on when none waits.</summary>
    public string? Acknowledge(int index, string who)
    {
        lock (_gate)
        {
            _lastTouched = _time.GetUtcNow();
            if (index < 0 || index >= _engine.Alarms.Count)
            {
                return string.Create(CultureInfo.InvariantCulture, $"there is no alarm {index}; alarms are numbered 0 to {_engine.Alarms.Count - 1}");
            }

            if (_acknowledged.Add(index))
            {
                var alarm = _engine.Alarms[index];
                AddLog(who, $"acknowledge {alarm.Code} ({alarm.AtMinutes.ToString("0.#", CultureInfo.InvariantCulture)} min)");
                Emit(new LiveEvent("acknowledged", JsonSerializer.Serialize(new { index }, JsonOptions)));
            }

            Hold();
            Publish();
        }

        Changed?.Invoke();
        return null;
    }

    /// <summary>Changes the clock's speed.</summary>
    public void SetSpeed(RunSpeed speed, string who)
    {
        lock (_gate)
        {
            _lastTouched = _time.GetUtcNow();
            Speed = speed;
            AddLog(who, $"speed {Word(speed)}");
            Hold();
            Publish();
        }

        Changed?.Invoke();
    }

    /// <summary>
    /// A stream of everything from the start (history first, then the state now), for SSE clients;
    /// dispose the subscription when the client goes.
    /// </summary>
    public Subscription Subscribe()
    {
        var channel = Channel.CreateUnbounded<LiveEvent>(new UnboundedChannelOptions { SingleReader = true });
        lock (_gate)
        {
            _lastTouched = _time.GetUtcNow();
            foreach (var e in _history)
            {
                channel.Writer.TryWrite(e);
            }

            channel.Writer.TryWrite(StateEvent());
            if (_engine.IsFinished || _disposed)
            {
                channel.Writer.TryComplete();
            }
            else
            {
                _subscribers.Add(channel);
            }
        }

        return new Subscription(this, channel);
    }

    /// <summary>One client's stream of a run's events.</summary>
    public sealed class Subscription(LiveRun run, Channel<LiveEvent> channel) : IDisposable
    {
        /// <summary>The events.</summary>
        public ChannelReader<LiveEvent> Reader => channel.Reader;

        /// <inheritdoc/>
        public void Dispose()
        {
            lock (run._gate)
            {
                run._subscribers.Remove(channel);
                run._lastTouched = run._time.GetUtcNow();
            }

            channel.Writer.TryComplete();
        }
    }

    /// <summary>The speed's word in the API: paused, 1x, 10x, 60x, max.</summary>
    public static string Word(RunSpeed speed) => speed switch
    {
        RunSpeed.Paused => "paused",
        RunSpeed.X1 => "1x",
        RunSpeed.X10 => "10x",
        RunSpeed.X60 => "60x",
        _ => "max",
    };

    /// <summary>Reads a speed word; null when it is not one.</summary>
    public static RunSpeed? ParseSpeed(string? word) => word?.Trim().ToLowerInvariant() switch
    {
        "paused" => RunSpeed.Paused,
        "1x" => RunSpeed.X1,
        "10x" => RunSpeed.X10,
        "60x" => RunSpeed.X60,
        "max" => RunSpeed.Max,
        _ => null,
    };

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _driver;
        }
        catch (OperationCanceledException)
        {
        }

        lock (_gate)
        {
            _disposed = true;
            foreach (var s in _subscribers)
            {
                s.Writer.TryComplete();
            }

            _subscribers.Clear();
        }

        _stop.Dispose();
    }

    // The clock: every tick advances the engine by the speed's share of the wall time that passed.
    private async Task DriveAsync()
    {
        const double TickSeconds = 0.1;
        while (!_stop.IsCancellationRequested)
        {
            var speed = Speed;
            double minutes;
            if (speed == RunSpeed.Max)
            {
                minutes = 1;
            }
            else
            {
                await Task.Delay(TimeSpan.FromSeconds(TickSeconds), _time, _stop.Token);
                minutes = speed switch { RunSpeed.X1 => TickSeconds / 60, RunSpeed.X10 => TickSeconds / 6, RunSpeed.X60 => TickSeconds, _ => 0 };
            }

            bool ended;
            lock (_gate)
            {
                try
                {
                    if (!_engine.IsFinished && minutes > 0 && !Held)
                    {
                        _engine.Advance(Quantities.Duration.FromMinutes(minutes));
                        Hold();
                        Publish();
                    }
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // A fault in the engine ends the stream with its reason rather than freezing it.
                    Emit(new LiveEvent("error", JsonSerializer.Serialize(new { message = $"the run stopped: {e.GetType().Name}: {e.Message}" }, JsonOptions)));
                    foreach (var s in _subscribers)
                    {
                        s.Writer.TryComplete();
                    }

                    _subscribers.Clear();
                    _disposed = true;
                    return;
                }

                ended = _engine.IsFinished;
            }

            Changed?.Invoke();
            if (ended)
            {
                return;
            }

            if (speed == RunSpeed.Max)
            {
                await Task.Yield();
                if (Held)
                {
                    await Task.Delay(TimeSpan.FromSeconds(TickSeconds), _time, _stop.Token);
                }
            }
        }
    }

    // Faster than real time the clock holds while an alarm waits for its answer; at 1× it never does.
    private void Hold() => Held = Speed != RunSpeed.X1 && Waiting();

    // An alarm of the safety or absolute tier not yet acknowledged.
    private bool Waiting() => _engine.Alarms.Select((a, i) => (a, i)).Any(x => x.a.Severity != AlarmSeverity.Warning && !_acknowledged.Contains(x.i));

    private void AddLog(string who, string what)
    {
        var entry = new LogEntry(_engine.Time.Minutes, _time.GetUtcNow(), who, what);
        _log.Add(entry);
        Emit(new LiveEvent("action", JsonSerializer.Serialize(new { atMin = Math.Round(entry.AtMinutes, 2), wall = entry.Wall, who, what }, JsonOptions)));
    }

    // New rows and alarms since the last publication, then the state; the end with the summary.
    private void Publish()
    {
        var rows = _engine.Rows;
        for (; _rowsSent < rows.Count; _rowsSent++)
        {
            var fields = TimeSeriesCsv.Fields(rows[_rowsSent]).ToDictionary(f => f.Header, f => (object)(double.TryParse(f.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : f.Text));
            Emit(new LiveEvent("step", JsonSerializer.Serialize(fields, JsonOptions)));
        }

        var alarms = _engine.Alarms;
        for (; _alarmsSent < alarms.Count; _alarmsSent++)
        {
            var a = alarms[_alarmsSent];
            Emit(new LiveEvent("alarm", JsonSerializer.Serialize(new { index = _alarmsSent, atMin = Math.Round(a.AtMinutes, 2), code = a.Code, tier = a.Severity.ToString().ToLowerInvariant(), response = a.Response.ToString().ToLowerInvariant(), message = a.Message }, JsonOptions)));
        }

        Emit(StateEvent(), keep: false);
        if (_engine.IsFinished && !_history.Any(e => e.Kind == "ended"))
        {
            Emit(new LiveEvent("ended", SummaryJson.Write(_engine.Result()).ReplaceLineEndings(" ")));
            foreach (var s in _subscribers)
            {
                s.Writer.TryComplete();
            }

            _subscribers.Clear();
        }
    }

    private LiveEvent StateEvent()
    {
        var now = _engine.Current;
        return new LiveEvent("state", JsonSerializer.Serialize(new { atMin = Math.Round(now.Time.Minutes, 2), phase = SummaryJson.PhaseWord(now.Phase), paused = now.Paused, speed = Word(Speed), held = Held, finished = _engine.IsFinished }, JsonOptions));
    }

    private void Emit(LiveEvent e, bool keep = true)
    {
        if (keep)
        {
            _history.Add(e);
        }

        foreach (var s in _subscribers)
        {
            s.Writer.TryWrite(e);
        }
    }
}
