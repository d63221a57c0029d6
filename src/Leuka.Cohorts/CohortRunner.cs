using Leuka.Formats;
using Leuka.Patients;
using Leuka.Procedure;
using Leuka.Scenarios;
using Leuka.Separation;

namespace Leuka.Cohorts;

/// <summary>One member's row: its number, seed, drawn inputs, random effects and outputs.</summary>
/// <param name="Member">0-based position in the cohort.</param>
/// <param name="Seed">The member's seed (<see cref="CohortRunner.MemberSeed"/>).</param>
/// <param name="Inputs">Drawn inputs in the file's order: a number in the input's unit, or a choice's value.</param>
/// <param name="Variation">The random-effect multipliers (<see cref="PatientVariation.Priors"/> order).</param>
/// <param name="Outputs">The outputs in the file's order.</param>
public sealed record CohortRow(long Member, long Seed, IReadOnlyList<object> Inputs, IReadOnlyList<double> Variation, IReadOnlyList<double> Outputs);

/// <summary>A part of a cohort: members [First, First + Count).</summary>
/// <param name="Index">1-based shard number.</param>
/// <param name="Of">Number of shards.</param>
/// <param name="First">First member.</param>
/// <param name="Count">Members in this shard.</param>
public sealed record CohortShard(int Index, int Of, long First, long Count)
{
    /// <summary>Shard <paramref name="index"/> of <paramref name="of"/> over <paramref name="size"/> members: consecutive blocks, sizes differing by at most one.</summary>
    public static CohortShard Part(int index, int of, long size)
    {
        if (of < 1 || index < 1 || index > of)
        {
            throw new ArgumentOutOfRangeException(nameof(index), $"shard {index}/{of}: give i/N with 1 ≤ i ≤ N");
        }

        var first = size * (index - 1) / of;
        return new CohortShard(index, of, first, (size * index / of) - first);
    }
}

/// <summary>
/// Simulates a cohort's members. Member k's draws come only from the cohort seed and k
/// (<see cref="MemberSeed"/>), and the separator cache answers every query from its quantized
/// operating point whoever asks first, so a member gives the same row alone, in any shard, in any
/// order and on any number of threads or machines.
/// </summary>
/// <param name="cohort">The cohort.</param>
/// <param name="exact">True: every operating point solved in full, as <c>leuka simulate</c> does, in one cache all members share (about 100 times slower); false: the channel's response interpolated between node solves all members share (<see cref="SeparatorResponse"/>, error in docs/model/separator.md), each member's own results kept only while it runs.</param>
public sealed class CohortRunner(CohortFile cohort, bool exact = false)
{
    private readonly SeparatorCache? _exact = exact ? new SeparatorCache(SeparatorModel.Default) : null;
    private readonly SeparatorResponse _response = new(SeparatorModel.Default, ResponseGrid.Default);

    /// <summary>Full channel solves so far (the response's nodes, or every state with <c>exact</c>).</summary>
    public int Solves => _exact?.Settled ?? _response.Nodes;

    /// <summary>
    /// One run's separator over a shared response: composition quantized to 5 %, its own port draws
    /// (a member's random effects make them its own, so keeping them after it ends would only fill memory).
    /// </summary>
    public static SeparatorCache MemberCache(SeparatorResponse response) => new(SeparatorModel.Default, 0.05, shared: response);

    private SeparatorCache CacheFor() => _exact ?? MemberCache(_response);

    /// <summary>
    /// Member k's seed: SplitMix64 (Steele, Lea &amp; Flood 2014) of the cohort seed plus k times its
    /// golden-ratio increment, folded to 31 bits; the member's scenario seed and its generator
    /// (<see cref="Random"/>, whose seeded sequence .NET keeps fixed) both come from it.
    /// </summary>
    public static long MemberSeed(long cohortSeed, long member)
    {
        unchecked
        {
            var z = (ulong)cohortSeed + ((ulong)(member + 1) * 0x9E3779B97F4A7C15UL);
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            z ^= z >> 31;
            return (long)(z & 0x7FFFFFFF);
        }
    }

    /// <summary>The member's scenario and the inputs drawn for it.</summary>
    public (Scenario Scenario, object[] Inputs) Member(long k)
    {
        var seed = MemberSeed(cohort.Seed, k);
        var random = new Random((int)seed);
        var scenario = cohort.Scenario;
        var inputs = new object[cohort.Inputs.Count];
        for (var i = 0; i < inputs.Length; i++)
        {
            var input = cohort.Inputs[i];
            if (input.Kind == "choose")
            {
                var total = input.Choices.Sum(c => c.Weight);
                var pick = random.NextDouble() * total;
                var choice = input.Choices[^1].Value;
                foreach (var (value, weight) in input.Choices)
                {
                    if ((pick -= weight) < 0)
                    {
                        choice = value;
                        break;
                    }
                }

                inputs[i] = choice;
                scenario = ScenarioEdit.Parse(input.Path, System.Text.Json.Nodes.JsonValue.Create(choice)).Apply(scenario);
                continue;
            }

            var x = Draw(input, random);
            var text = CohortFile.Text(input, x);
            inputs[i] = Math.Round(x, 4);
            scenario = ScenarioEdit.Parse(input.Path, text).Apply(scenario);
        }

        // Drawn after the inputs, from the same generator. The citrate tolerance is left out, as in
        // the validation cohorts: a member's reaction figure is then its probability, the tolerance
        // integrated out exactly (docs/model/variation.md).
        var variation = cohort.Variation ? PatientVariation.Draw(random) with { CitrateTolerance = null } : PatientVariation.Typical;
        return (scenario with { Seed = (int)seed, Patient = scenario.Patient with { Variation = variation } }, inputs);
    }

    /// <summary>Simulates one member.</summary>
    public CohortRow Run(long k)
    {
        var (scenario, inputs) = Member(k);
        var result = new ProcedureEngine(scenario, CacheFor()).RunToEnd();
        return new CohortRow(k, MemberSeed(cohort.Seed, k), inputs, (scenario.Patient.Variation ?? PatientVariation.Typical).Values, [.. cohort.Outputs.Select(o => SummaryFields.Value(result, o))]);
    }

    /// <summary>Simulates members [first, first + count) on every core; <paramref name="done"/> is called once per member finished.</summary>
    public CohortRow[] Run(long first, long count, Action? done = null, CancellationToken cancel = default)
    {
        var rows = new CohortRow[count];
        Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = cancel }, i =>
        {
            rows[i] = Run(first + i);
            done?.Invoke();
        });
        return rows;
    }

    private static double Draw(CohortInput input, Random random)
    {
        switch (input.Kind)
        {
            case "uniform":
                return input.A + (random.NextDouble() * (input.B - input.A));
            case "logUniform":
                return Math.Exp(Math.Log(input.A) + (random.NextDouble() * (Math.Log(input.B) - Math.Log(input.A))));
            default:
                // Truncated normal by rejection (Box–Muller, so the draws do not depend on a library's sampler).
                for (var attempt = 0; attempt < 1000; attempt++)
                {
                    var u1 = 1 - random.NextDouble();
                    var u2 = random.NextDouble();
                    var x = input.A + (input.B * Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2));
                    if (x >= input.Min && x <= input.Max)
                    {
                        return x;
                    }
                }

                return input.A;
        }
    }
}
