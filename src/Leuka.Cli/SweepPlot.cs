using System.Globalization;
using Leuka.Formats;
using Leuka.Procedure;

namespace Leuka.Cli;

/// <summary>A sweep's metric against its first varied input, one line per combination of the others.</summary>
internal static class SweepPlot
{
    public static void Save(string xPath, IReadOnlyList<ScenarioEdit> xs, IReadOnlyList<ScenarioEdit[]> grid, IReadOnlyList<ProcedureResult> results, string metric, string name, string path)
    {
        var plot = new ScottPlot.Plot();
        var positions = Enumerable.Range(0, xs.Count).Select(i => (double)i).ToArray();
        foreach (var group in Enumerable.Range(0, grid.Count).GroupBy(i => string.Join(", ", grid[i].Skip(1).Select(e => e.ToString()))))
        {
            var ys = group.OrderBy(i => xs.ToList().IndexOf(grid[i][0])).Select(i => SummaryFields.Value(results[i], metric)).ToArray();
            var line = plot.Add.Scatter(positions[..ys.Length], ys);
            line.LegendText = group.Key.Length == 0 ? metric : group.Key;
            line.LineWidth = 2;
            line.MarkerSize = 7;
        }

        plot.Axes.Bottom.SetTicks(positions, [.. xs.Select(x => x.Text)]);
        plot.Title(string.Create(CultureInfo.InvariantCulture, $"{metric} against {xPath} ({(name.Length > 50 ? name[..50] + "…" : name)})"));
        plot.XLabel(xPath);
        plot.YLabel(metric);
        plot.ShowLegend(ScottPlot.Alignment.UpperRight);
        plot.SavePng(path, 1000, 600);
    }
}
