using System.Collections.Immutable;
using Leuka.Quantities;

namespace Leuka.Separation;

/// <summary>
/// A named device and protocol: how it collects (a continuous collect line or a chamber it
/// flushes), and where its collect control holds the collect line (its Hct set point). Channel
/// geometry and speed of commercial devices are not public, so every device shares the
/// separator's channel. Values, sources and what is assumed: docs/model/devices.md.
/// </summary>
/// <param name="Word">The scenario's word (<c>procedure.device</c>).</param>
/// <param name="Name">The device and protocol as clinicians name them.</param>
/// <param name="Mode">Continuous collect line or chamber.</param>
/// <param name="CollectHematocrit">The collect line's Hct the device holds; null: the port stays on the red line (the generic separator).</param>
/// <param name="Depletion">True for a white-cell depletion protocol, false for a collection protocol.</param>
/// <param name="Basis">Where the set point comes from, or why it is assumed.</param>
public sealed record SeparatorDevice(string Word, string Name, CollectionMode? Mode, Fraction? CollectHematocrit, bool? Depletion, string Basis)
{
    /// <summary>The generic separator: the collect port on the red line, any procedure, the kind's collection mode.</summary>
    public static SeparatorDevice Generic { get; } = new("generic", "generic separator", null, null, null, "the calibrated generic separator (docs/model/separator.md)");

    /// <summary>Every device, the generic one first.</summary>
    public static ImmutableArray<SeparatorDevice> All { get; } =
    [
        Generic,
        new("spectra-optia-cmnc", "Spectra Optia CMNC", CollectionMode.Continuous, Fraction.FromPercent(4), false, "assumed as Spectra Optia MNC (the same automated interface management)"),
        new("spectra-optia-mnc", "Spectra Optia MNC", CollectionMode.Chamber, Fraction.FromPercent(4), false, "product Hct 4 % (J Clin Apher 2014;29:273)"),
        new("spectra-optia-wbcd", "Spectra Optia WBC depletion", CollectionMode.Continuous, Fraction.FromPercent(4), true, "assumed as Spectra Optia MNC"),
        new("cobe-spectra-mnc", "COBE Spectra MNC", CollectionMode.Continuous, Fraction.FromPercent(1.75), false, "collect-line Hct 1.0–2.5 % (COBE Spectra stem-cell collections, 1993)"),
        new("cobe-spectra-autopbsc", "COBE Spectra AutoPBSC", CollectionMode.Chamber, Fraction.FromPercent(1.75), false, "assumed as COBE Spectra MNC (the same interface optics)"),
        new("cobe-spectra-wbc-depletion", "COBE Spectra WBC depletion", CollectionMode.Continuous, Fraction.FromPercent(1.75), true, "assumed as COBE Spectra MNC"),
        new("amicus-mnc", "Amicus MNC", CollectionMode.Chamber, Fraction.FromPercent(4), false, "assumed as Spectra Optia MNC (no public product Hct found)"),
        new("comtec-mnc", "COM.TEC MNC", CollectionMode.Continuous, Fraction.FromPercent(1.75), false, "assumed as COBE Spectra MNC (a continuous-flow separator of the same generation with an operator-set interface; no public product Hct found)"),
    ];

    /// <summary>The device a scenario word names, or null.</summary>
    public static SeparatorDevice? Named(string word) => All.FirstOrDefault(d => d.Word == word);
}
