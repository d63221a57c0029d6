using System.Text.Json;
using System.Text.Json.Nodes;

namespace Leuka.Formats;

/// <summary>One predicted number: the median and the 5–95 % range over patients like this one.</summary>
/// <param name="Output">The summary.json path.</param>
/// <param name="Low">5th percentile.</param>
/// <param name="Median">Median.</param>
/// <param name="High">95th percentile.</param>
public sealed record PredictionInterval(string Output, double Low, double Median, double High);

/// <summary>
/// One time-series column over patients like this one: its 5th, 50th and 95th percentiles at each
/// reported minute. A patient whose procedure has ended holds its last value (the count after, the
/// product as collected); the band ends where only one procedure in twenty is still going.
/// </summary>
/// <param name="Header">The timeseries.csv column.</param>
/// <param name="Time">Minutes.</param>
/// <param name="Low">5th percentile at each minute.</param>
/// <param name="Median">Median at each minute.</param>
/// <param name="High">95th percentile at each minute.</param>
public sealed record TimeBand(string Header, IReadOnlyList<double> Time, IReadOnlyList<double> Low, IReadOnlyList<double> Median, IReadOnlyList<double> High);

/// <summary>What a report shows for patients like this one: how many were simulated, the intervals of the main figures and the bands on the plots.</summary>
/// <param name="Patients">Patients simulated.</param>
/// <param name="Intervals">Intervals of the main figures.</param>
/// <param name="Bands">Bands of the plotted columns.</param>
public sealed record PatientsLikeThis(int Patients, IReadOnlyList<PredictionInterval> Intervals, IReadOnlyList<TimeBand> Bands)
{
    /// <summary>The band of a column, if it was computed.</summary>
    public TimeBand? Band(string header) => Bands.FirstOrDefault(b => b.Header == header);
}

/// <summary>intervals.json: per output its median and 5–95 % range over patients like this one (docs/cohorts.md).</summary>
public static class IntervalsJson
{
    /// <summary>The file, indented, with a trailing newline.</summary>
    public static string Write(PatientsLikeThis likeThis)
    {
        ArgumentNullException.ThrowIfNull(likeThis);
        var o = new JsonObject
        {
            ["draws"] = likeThis.Patients,
            ["randomEffects"] = "drawn from their priors (docs/model/variation.md)",
            ["percentiles"] = "5, 50, 95 (type 7)",
        };
        foreach (var i in likeThis.Intervals)
        {
            o[i.Output] = new JsonObject { ["p5"] = i.Low, ["median"] = i.Median, ["p95"] = i.High };
        }

        return o.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n";
    }
}
