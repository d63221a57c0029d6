using Leuka.Records;
using ScottPlot;

namespace Leuka.Web;

/// <summary>The follow-up plot: every white count over the course, with the model's predictions beside the counts after each procedure.</summary>
internal static class FollowUpChart
{
    /// <summary>An SVG, or null when there are fewer than two white counts.</summary>
    public static string? Svg(PatientTimeline t, IReadOnlyList<(int Procedure, DateTime At, double Hours, double Measured, double Typical, double? Calibrated)> followUp)
    {
        var counts = t.Labs.Where(l => l.Analyte == "wbc").OrderBy(l => l.TakenAt).ToList();
        if (counts.Count < 2)
        {
            return null;
        }

        var origin = counts[0].TakenAt;
        double Days(DateTime at) => (at - origin).TotalDays;
        var plot = new Plot();
        var measured = plot.Add.Scatter(counts.Select(l => Days(l.TakenAt)).ToArray(), counts.Select(l => l.Value).ToArray());
        measured.LegendText = "measured";
        measured.LineWidth = 1;
        measured.MarkerSize = 7;

        // Each predicted count at the time of the count it predicts.
        double[] At(IEnumerable<(int, DateTime At, double, double, double, double?)> rows) => [.. rows.Select(r => Days(r.At))];
        if (followUp.Count > 0)
        {
            var typical = plot.Add.Scatter(At(followUp), followUp.Select(r => r.Typical).ToArray());
            typical.LegendText = "predicted, typical patient";
            typical.LineWidth = 0;
            typical.MarkerSize = 9;
            typical.MarkerShape = MarkerShape.OpenSquare;
            var own = followUp.Where(r => r.Calibrated is not null).ToList();
            if (own.Count > 0)
            {
                var calibrated = plot.Add.Scatter(At(own), own.Select(r => r.Calibrated!.Value).ToArray());
                calibrated.LegendText = "predicted, this patient (calibrated)";
                calibrated.LineWidth = 0;
                calibrated.MarkerSize = 9;
                calibrated.MarkerShape = MarkerShape.OpenCircle;
            }
        }

        foreach (var p in t.Procedures)
        {
            var line = plot.Add.VerticalLine(Days(p.StartedAt));
            line.LinePattern = LinePattern.Dotted;
            line.LineWidth = 1;
        }

        plot.Title("White count over the course");
        plot.XLabel($"days since {origin:yyyy-MM-dd HH:mm} UTC (dotted: procedures)");
        plot.YLabel("WBC (×10^9/L)");
        plot.ShowLegend(Alignment.UpperRight);
        return plot.GetSvgXml(720, 320);
    }
}
