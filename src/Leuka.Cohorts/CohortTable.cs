using System.Globalization;
using System.Text;
using Leuka.Patients;
using Parquet;
using Parquet.Schema;

namespace Leuka.Cohorts;

/// <summary>
/// The members' rows as a table: Parquet (one row group per 100,000 members, columns member, seed,
/// each input, each random effect, each output) and CSV, and back. The same rows give the same bytes.
/// </summary>
public static class CohortTable
{
    private const int RowGroup = 100_000;

    /// <summary>The column names, in order.</summary>
    public static IReadOnlyList<string> Columns(CohortFile cohort)
    {
        ArgumentNullException.ThrowIfNull(cohort);
        return ["member", "seed", .. cohort.Inputs.Select(i => i.Column), .. PatientVariation.Priors.Select(p => "variation." + p.Name), .. cohort.Outputs];
    }

    /// <summary>Writes the rows as Parquet.</summary>
    public static async Task WriteParquet(CohortFile cohort, IReadOnlyList<CohortRow> rows, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(cohort);
        ArgumentNullException.ThrowIfNull(rows);
        var fields = Schema(cohort);
        await using var writer = await ParquetWriter.CreateAsync(new ParquetSchema(fields), stream);
        var start = 0;
        do
        {
            var part = rows.Skip(start).Take(RowGroup).ToList();
            using var group = writer.CreateRowGroup();
            var f = 0;
            await group.WriteAsync<long>(fields[f++], part.Select(r => r.Member).ToArray());
            await group.WriteAsync<long>(fields[f++], part.Select(r => r.Seed).ToArray());
            for (var i = 0; i < cohort.Inputs.Count; i++)
            {
                var k = i;
                if (cohort.Inputs[k].Numeric)
                {
                    await group.WriteAsync<double>(fields[f++], part.Select(r => (double)r.Inputs[k]).ToArray());
                }
                else
                {
                    await group.WriteAsync(fields[f++], part.Select(r => (string)r.Inputs[k]).ToArray());
                }
            }

            foreach (var column in Numbers(cohort))
            {
                await group.WriteAsync<double>(fields[f++], part.Select(column).ToArray());
            }

            start += RowGroup;
        }
        while (start < rows.Count);
    }

    /// <summary>Reads rows written by <see cref="WriteParquet"/> for the same cohort; a file of another shape is an error naming the columns.</summary>
    public static async Task<List<CohortRow>> ReadParquet(CohortFile cohort, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(cohort);
        var expected = Columns(cohort);
        await using var reader = await ParquetReader.CreateAsync(stream);
        var fields = reader.Schema.GetDataFields();
        if (!fields.Select(x => x.Name).SequenceEqual(expected))
        {
            throw new FormatException($"the columns are {string.Join(", ", fields.Select(x => x.Name))}; this cohort's are {string.Join(", ", expected)}");
        }

        var rows = new List<CohortRow>();
        for (var g = 0; g < reader.RowGroupCount; g++)
        {
            using var group = reader.OpenRowGroupReader(g);
            var n = (int)group.RowCount;
            var members = new long[n];
            var seeds = new long[n];
            await group.ReadAsync<long>(fields[0], members);
            await group.ReadAsync<long>(fields[1], seeds);
            var inputs = new List<object[]>();
            for (var i = 0; i < cohort.Inputs.Count; i++)
            {
                if (cohort.Inputs[i].Numeric)
                {
                    var values = new double[n];
                    await group.ReadAsync<double>(fields[2 + i], values);
                    inputs.Add([.. values.Select(v => (object)v)]);
                }
                else
                {
                    var values = new string?[n];
                    await group.ReadAsync(fields[2 + i], values.AsMemory());
                    inputs.Add([.. values.Select(v => (object)(v ?? ""))]);
                }
            }

            var numbers = new List<double[]>();
            for (var c = 2 + cohort.Inputs.Count; c < fields.Length; c++)
            {
                var values = new double[n];
                await group.ReadAsync<double>(fields[c], values);
                numbers.Add(values);
            }

            var variations = PatientVariation.Priors.Length;
            for (var r = 0; r < n; r++)
            {
                rows.Add(new CohortRow(
                    members[r],
                    seeds[r],
                    [.. inputs.Select(column => column[r])],
                    [.. numbers.Take(variations).Select(column => column[r])],
                    [.. numbers.Skip(variations).Select(column => column[r])]));
            }
        }

        return rows;
    }

    // The number columns after the inputs: random effects, then outputs.
    private static IEnumerable<Func<CohortRow, double>> Numbers(CohortFile cohort) =>
        [.. Enumerable.Range(0, PatientVariation.Priors.Length).Select(v => (Func<CohortRow, double>)(r => r.Variation[v])), .. Enumerable.Range(0, cohort.Outputs.Count).Select(o => (Func<CohortRow, double>)(r => r.Outputs[o]))];

    /// <summary>The rows as CSV (invariant culture, numbers round-trip exactly).</summary>
    public static string Csv(CohortFile cohort, IReadOnlyList<CohortRow> rows)
    {
        ArgumentNullException.ThrowIfNull(cohort);
        ArgumentNullException.ThrowIfNull(rows);
        var text = new StringBuilder();
        text.AppendLine(string.Join(",", Columns(cohort).Select(Quote)));
        foreach (var r in rows)
        {
            IEnumerable<string> cells =
            [
                r.Member.ToString(CultureInfo.InvariantCulture), r.Seed.ToString(CultureInfo.InvariantCulture),
                .. r.Inputs.Select(x => x is double d ? Number(d) : Quote((string)x)),
                .. r.Variation.Select(Number), .. r.Outputs.Select(Number),
            ];
            text.AppendLine(string.Join(",", cells));
        }

        return text.ToString();
    }

    private static DataField[] Schema(CohortFile cohort) =>
    [
        new DataField<long>("member"), new DataField<long>("seed"),
        .. cohort.Inputs.Select(i => i.Numeric ? (DataField)new DataField<double>(i.Column) : new DataField<string>(i.Column)),
        .. PatientVariation.Priors.Select(p => new DataField<double>("variation." + p.Name)),
        .. cohort.Outputs.Select(o => new DataField<double>(o)),
    ];

    private static string Number(double d) => d.ToString("R", CultureInfo.InvariantCulture);

    private static string Quote(string s) => s.Contains(',', StringComparison.Ordinal) || s.Contains('"', StringComparison.Ordinal) ? "\"" + s.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : s;
}
