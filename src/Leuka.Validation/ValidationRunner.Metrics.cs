using System.Globalization;
using Leuka.Formats;

namespace Leuka.Validation;

// The metrics a case's outputs read from a run (docs/validation-data.md).
public sealed partial class ValidationRunner
{
    // Metrics: a summary.json path, pct(a, b) = 100·(b − a)/a, ratio(a, b), at(Column, t),
    // pctAt(Column, t) = % change from t = 0, pctEnd(Column) = % change from t = 0 to the last row,
    // slowdown(Column, t1, t2) = late rate / early rate.
    private static double Metric(ExpectedOutput o, Outcome run) => o.Scale * Evaluate(o.Metric, run);

    private static double Evaluate(string metric, Outcome run)
    {
        var m = metric.Trim();
        if (m.EndsWith(')') && m.IndexOf('(', StringComparison.Ordinal) is var open and > 0)
        {
            var name = m[..open];
            var args = m[(open + 1)..^1].Split(',').Select(x => x.Trim()).ToArray();
            switch (name)
            {
                case "pct":
                    var a = Field(run, args[0]);
                    return 100 * (Field(run, args[1]) - a) / a;
                case "ratio":
                    return Field(run, args[0]) / Field(run, args[1]);
                case "at":
                    return Column(run, args[0], Number(args[1]));
                case "pctAt":
                    var start = Column(run, args[0], 0);
                    return 100 * (Column(run, args[0], Number(args[1])) - start) / start;
                case "pctEnd":
                    // The last row: after rinseback, when a study's "after the procedure" is taken.
                    var first = Column(run, args[0], 0);
                    return 100 * (TimeSeriesCsv.Value(run.Rows[^1], args[0]) - first) / first;
                case "slowdown":
                    var t1 = Number(args[1]);
                    var t2 = Number(args[2]);
                    var v0 = Column(run, args[0], 0);
                    var v1 = Column(run, args[0], t1);
                    var v2 = Column(run, args[0], t2);
                    var early = Math.Abs(v1 - v0) / t1;
                    return early > 0 ? Math.Abs(v2 - v1) / (t2 - t1) / early : double.NaN;
                default:
                    throw new FormatException($"unknown metric function {name} in \"{metric}\"");
            }
        }

        return Field(run, m);
    }

    private static readonly string[] ExtraFields = ["course.wbcReductionPercent", "course.lymphocyteReductionPercent", "course.plateletReductionPercent", "citrate.clearanceMlPerMin", "citrate.halfLifeMin"];

    /// <summary>
    /// What is wrong with a metric as written (an unknown function, field or column, a missing or
    /// non-numeric argument), or null: checked when a case file is read, before anything runs.
    /// </summary>
    public static string? MetricProblem(string metric)
    {
        ArgumentNullException.ThrowIfNull(metric);
        static string? FieldProblem(string path) => SummaryFields.Has(path) || ExtraFields.Contains(path) ? null
            : $"\"{path}\" is not a number of summary.json (e.g. wbc.reductionPercent, product.cd34E6, collectionEfficiencyPercent.cd34.ce2; docs/reference/scenario.md lists them)";
        static string? ColumnProblem(string column) => TimeSeriesCsv.Headers.Contains(column) ? null
            : $"\"{column}\" is not a column of timeseries.csv (e.g. {TimeSeriesCsv.Headers[1]})";
        static string? NumberProblem(string text) => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _) ? null : $"\"{text}\" is not a number of minutes";

        var m = metric.Trim();
        if (m.Length == 0)
        {
            return "is empty; give a summary.json path or a function such as pct(a, b)";
        }

        if (!(m.EndsWith(')') && m.IndexOf('(', StringComparison.Ordinal) is var open and > 0))
        {
            return FieldProblem(m);
        }

        var args = m[(open + 1)..^1].Split(',').Select(x => x.Trim()).ToArray();
        (int Count, string? Problem) need = m[..open] switch
        {
            "pct" or "ratio" => (2, args.Length == 2 ? FieldProblem(args[0]) ?? FieldProblem(args[1]) : null),
            "at" or "pctAt" => (2, args.Length == 2 ? ColumnProblem(args[0]) ?? NumberProblem(args[1]) : null),
            "pctEnd" => (1, args.Length == 1 ? ColumnProblem(args[0]) : null),
            "slowdown" => (3, args.Length == 3 ? ColumnProblem(args[0]) ?? NumberProblem(args[1]) ?? NumberProblem(args[2]) : null),
            var name => (0, $"{name} is not a metric function; use pct, ratio, at, pctAt, pctEnd or slowdown"),
        };
        return need.Problem ?? (args.Length == need.Count || need.Count == 0 ? null : $"{m[..open]} takes {need.Count} arguments, {args.Length} given");
    }

    // A summary.json number; course.* are the figures over a course of consecutive days.
    private static double Field(Outcome run, string path) => path switch
    {
        "course.wbcReductionPercent" when run.Course is { } c => c.WbcReductionPercent,
        "course.lymphocyteReductionPercent" when run.Course is { } c => c.LymphocyteReductionPercent,
        "course.plateletReductionPercent" when run.Course is { } c => c.PlateletReductionPercent,
        "citrate.clearanceMlPerMin" => run.Result.Citrate.ClearanceMlPerMin ?? double.NaN,
        "citrate.halfLifeMin" => run.Result.Citrate.HalfLifeMin ?? double.NaN,
        _ => SummaryFields.Value(run.Result, path),
    };

    private static double Column(Outcome run, string column, double minutes) =>
        TimeSeriesCsv.Value(run.Rows.MinBy(r => Math.Abs(r.TimeMin - minutes))!, column);
}
