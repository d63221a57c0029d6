using System.Globalization;

namespace Leuka.Cohorts;

/// <summary>Each output's histogram, and each output against the first numeric input (one point per member).</summary>
public static class CohortPlots
{
    /// <summary>Writes <c>{output}.png</c> and <c>{output}-vs-{input}.png</c> into <paramref name="directory"/>.</summary>
    public static void Save(CohortFile cohort, IReadOnlyList<CohortRow> rows, string directory)
    {
        ArgumentNullException.ThrowIfNull(cohort);
        ArgumentNullException.ThrowIfNull(rows);
        Directory.CreateDirectory(directory);
        var x = cohort.Inputs.Select((input, i) => (input, i)).FirstOrDefault(p => p.input.Numeric);
        for (var o = 0; o < cohort.Outputs.Count; o++)
        {
            var name = cohort.Outputs[o];
            var values = rows.Select(r => r.Outputs[o]).Where(double.IsFinite).ToArray();
            if (values.Length == 0)
            {
                continue;
            }

            var plot = new ScottPlot.Plot();
            var (lo, hi) = (values.Min(), values.Max());
            var bins = Math.Clamp((int)Math.Ceiling(Math.Sqrt(values.Length)), 5, 40);
            var width = hi > lo ? (hi - lo) / bins : 1;
            var counts = new double[bins];
            foreach (var v in values)
            {
                counts[Math.Min(bins - 1, (int)((v - lo) / width))]++;
            }

            var bars = plot.Add.Bars(Enumerable.Range(0, bins).Select(b => lo + ((b + 0.5) * width)).ToArray(), counts);
            foreach (var bar in bars.Bars)
            {
                bar.Size = width * 0.95;
            }

            plot.Title(string.Create(CultureInfo.InvariantCulture, $"{name}: {values.Length} members"));
            plot.XLabel(name);
            plot.YLabel("members");
            plot.SavePng(Path.Combine(directory, Safe(name) + ".png"), 900, 550);

            if (x.input is { } input)
            {
                var scatter = new ScottPlot.Plot();
                var points = scatter.Add.ScatterPoints(rows.Select(r => (double)r.Inputs[x.i]).ToArray(), rows.Select(r => r.Outputs[o]).ToArray());
                points.MarkerSize = 4;
                scatter.Title($"{name} against {input.Column}");
                scatter.XLabel(input.Column);
                scatter.YLabel(name);
                scatter.SavePng(Path.Combine(directory, $"{Safe(name)}-vs-{Safe(input.Path)}.png"), 900, 550);
            }
        }
    }

    private static string Safe(string name) => string.Concat(name.Select(c => char.IsLetterOrDigit(c) || c is '.' or '-' ? c : '_'));
}
