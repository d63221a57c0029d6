using Leuka.Separation;

namespace Leuka.Cli;

/// <summary>The radial profile of every species across the channel, as a PNG.</summary>
internal static class ProfilePlot
{
    public static void Save(SeparationResult result, OperatingPoint point, IReadOnlyList<string> names, string path, string settings)
    {
        var phi = result.Profile;
        var cells = phi.GetLength(1);
        var depth = Enumerable.Range(0, cells).Select(j => (j + 0.5) / cells * 100).ToArray();
        var plot = new ScottPlot.Plot();
        for (var i = 0; i < names.Count; i++)
        {
            if (point.InletFractions[i] <= 0)
            {
                continue;
            }

            // Enrichment over the inlet, on a log scale: thin white layers and the packed red layer on one plot.
            var ys = Enumerable.Range(0, cells).Select(j => Math.Log10(Math.Max(phi[i, j] / point.InletFractions[i], 1e-3))).ToArray();
            var line = plot.Add.Scatter(depth, ys);
            line.LegendText = names[i];
            line.MarkerSize = 0;
            line.LineWidth = 2;
        }

        var low = plot.Add.VerticalLine(result.CollectZone.Inner * 100);
        low.LegendText = "collect zone";
        low.LinePattern = ScottPlot.LinePattern.Dashed;
        var high = plot.Add.VerticalLine(result.CollectZone.Outer * 100);
        high.LinePattern = ScottPlot.LinePattern.Dashed;
        high.Color = low.Color;
        plot.Title("Cells across the channel (inner wall left, outer wall right)\n" + (settings.Length > 95 ? settings[..95] + "…" : settings));
        plot.XLabel("depth from the inner wall (% of channel depth)");
        plot.YLabel("log10 enrichment (volume fraction / inlet)");
        plot.ShowLegend(ScottPlot.Alignment.UpperLeft);
        plot.SavePng(path, 1000, 600);
    }
}
