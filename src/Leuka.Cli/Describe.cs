using System.Globalization;
using Leuka.Scenarios;

namespace Leuka.Cli;

/// <summary>Plain-language descriptions of scenario parts, shared by text and JSON output.</summary>
internal static class Describe
{
    public static string Action(EventAction action) => action switch
    {
        SetAction s => "set " + string.Join(", ", new[]
        {
            s.InletFlow is { } i ? $"inletFlow {i}" : null,
            s.InletToAcRatio is { } r ? $"inletToAcRatio {r.ToString(CultureInfo.InvariantCulture)}" : null,
            s.CollectFlow is { } c ? $"collectFlow {c}" : null,
            s.CentrifugeSpeed is { } v ? $"centrifugeSpeed {v}" : null,
        }.Where(x => x is not null)),
        GiveAction g => $"give {g.Volume} {ScenarioWords.Of(g.Solution)}" + (g.Calcium.Millimoles > 0 ? $" ({g.Calcium.Millimoles.ToString("0.##", CultureInfo.InvariantCulture)} mmol Ca)" : string.Empty),
        PauseAction p => p.Reason.Length > 0 ? $"pause ({p.Reason})" : "pause",
        ResumeAction => "resume",
        FaultAction f => $"fault {ScenarioWords.Of(f.Fault)}" + (f.Duration is { } d ? $" for {d}" : " until resumed"),
        _ => action.ToString(),
    };
}
