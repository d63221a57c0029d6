using System.CommandLine;
using System.Globalization;
using Leuka.Formats;
using Leuka.Patients;
using Leuka.Procedure;
using Leuka.Quantities;
using Leuka.Scenarios;
using Leuka.Separation;
using Spectre.Console;

namespace Leuka.Cli;

/// <summary>
/// <c>leuka separator SCENARIO [options]</c>: the separator at one operating point for the scenario's
/// blood: where each species goes, and a PNG of every species' profile across the channel.
/// </summary>
internal static class SeparatorCommand
{
    // In CellSpecies order.
    private static readonly string[] Names = ["granulocytes", "lymphocytes", "monocytes", "blasts", "CD34+", "platelets", "red cells"];

    public static Command Create(TextWriter stderr, IAnsiConsole console)
    {
        var scenario = new Argument<string>("scenario") { Description = "Scenario file: its blood and procedure settings are used." };
        var inlet = new Option<string?>("--inlet-flow") { Description = "Inlet flow, e.g. \"60 mL/min\" (default: the scenario's)." };
        var collect = new Option<string?>("--collect-flow") { Description = "Collect flow, e.g. \"1 mL/min\" (default: the scenario's)." };
        var speed = new Option<string?>("--speed") { Description = "Centrifuge speed, e.g. \"2400 rpm\" (default: the scenario's or the protocol's)." };
        var offset = new Option<double?>("--offset") { Description = "Collect-layer offset in layer thicknesses, positive toward the red cells (default: the protocol's, or the device's collect control)." };
        var png = new Option<string?>("--png") { Description = "Where to write the profile plot (default: results/<scenario name>/separator-profile.png)." };
        var command = new Command("separator", "Show how the separator partitions the scenario's blood at one operating point, and plot the layers across the channel.")
        {
            scenario, inlet, collect, speed, offset, png,
        };
        command.SetAction(parse => Execute(
            parse.GetValue(scenario)!, parse.GetValue(inlet), parse.GetValue(collect), parse.GetValue(speed), parse.GetValue(offset), parse.GetValue(png), stderr, console));
        return command;
    }

    private static int Execute(string path, string? inletText, string? collectText, string? speedText, double? offsetValue, string? pngOption, TextWriter stderr, IAnsiConsole console)
    {
        var loaded = ScenarioLoader.LoadFile(path);
        var errors = loaded.Errors.Select(e => e.ToString()).ToList();
        var inletFlow = Option(inletText, "--inlet-flow", VolumeFlow.Parse, ScenarioLimits.InletFlow, errors);
        var collectFlow = Option(collectText, "--collect-flow", VolumeFlow.Parse, ScenarioLimits.CollectFlow, errors);
        var speed = Option(speedText, "--speed", RotationalSpeed.Parse, ScenarioLimits.CentrifugeSpeed, errors);
        if (offsetValue is { } o && (!double.IsFinite(o) || Math.Abs(o) > 5))
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"--offset: {o} is out of range; write a number of layer thicknesses from -5 to 5"));
        }

        if (errors.Count > 0 || loaded.Scenario is not { } s)
        {
            errors.ForEach(stderr.WriteLine);
            return ExitCodes.InvalidInput;
        }

        // The scenario's blood as the engine sees it: its diagnosis decides the blasts, the patient's variation their volume.
        var separator = new SeparatorCache(SeparatorModel.Default).For(s.Patient.Diagnosis, s.Patient.Labs.Differential).Separator;
        var labs = s.Patient.Labs;
        var d = labs.Differential;
        CellConcentration[] counts =
        [
            labs.Wbc * d.Granulocytes, labs.Wbc * d.Lymphocytes, labs.Wbc * d.Monocytes, labs.Wbc * d.Blasts,
            labs.Cd34 ?? CellConcentration.Zero, labs.Platelets,
        ];
        var point = new OperatingPoint(
            OperatingPoint.Fractions(labs.Hematocrit, counts, s.Procedure.InletToAcRatio, SpeciesProperties.WithBlastVolume(separator.Properties, s.Patient.Varies.BlastVolume)),
            speed ?? s.Procedure.CentrifugeSpeed ?? ProtocolDefaults.Speed,
            inletFlow ?? s.Procedure.InletFlow,
            collectFlow ?? s.Procedure.CollectFlow,
            offsetValue ?? ProtocolDefaults.InterfaceOffset,
            s.Procedure.CollectionMode,
            null,
            s.Patient.Varies.InterfaceWobble,
            s.Patient.Varies.WhiteLayerMixing,
            offsetValue is null ? s.Procedure.CollectHematocritUsed : null);
        var result = separator.Solve(point);

        console.MarkupLine($"[bold]{Markup.Escape(s.Name)}[/]");
        console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{s.Procedure.DeviceUsed.Name}: inlet {point.InletFlow.MillilitersPerMinute:0.#} mL/min, collect {point.CollectFlow.MillilitersPerMinute:0.##} mL/min ({ScenarioWords.Of(point.Mode)}), {point.Speed.RevolutionsPerMinute:0} rpm, {(point.CollectHematocrit is { } h ? $"collect line held at Hct {h.Percent:0.##} %" : $"offset {point.InterfaceOffset:0.##}")}; residence {separator.ResidenceTime(point.InletFlow).Seconds:0} s."));
        var table = new Table().Border(TableBorder.Simple)
            .AddColumn("Species").AddColumn(new TableColumn("Inlet φ").RightAligned())
            .AddColumn(new TableColumn("Buffy").RightAligned()).AddColumn(new TableColumn("In red").RightAligned())
            .AddColumn(new TableColumn("Product").RightAligned()).AddColumn(new TableColumn("Plasma").RightAligned()).AddColumn(new TableColumn("Red port").RightAligned());
        // Red cells first: the table reads from the outer wall's layer inward.
        foreach (var i in Enumerable.Range(0, Names.Length).OrderBy(i => i == Names.Length - 1 ? -1 : i))
        {
            if (point.InletFractions[i] <= 0)
            {
                table.AddRow(Names[i], "0", "–", "–", "–", "–", "–");
                continue;
            }

            table.AddRow(
                Names[i],
                point.InletFractions[i].ToString("0.######", CultureInfo.InvariantCulture),
                i == Names.Length - 1 ? "–" : P(result.Arrived[i]),
                P(result.Trapped[i]),
                P(result.ToCollect[i]),
                P(result.ToPlasma[i]),
                P(result.ToRedCells[i]));
        }

        console.Write(table);
        if (separator.ImmatureGranulocyteShare > 0)
        {
            console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Granulocytes: {separator.ImmatureGranulocyteShare * 100:0} % immature (the differential's, to 5 %), settled apart at {Leuka.Patients.CellType.ImmatureGranulocyte.DensityGramsPerMilliliter:0.###} g/mL and counted with the granulocytes."));
        }

        WhiteLayer(console, result);
        console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Interface at {result.InterfaceDepth * 100:0.#} % of the depth (width {result.InterfaceWidthMicrometers:0} µm); packed Hct {result.PackedHematocrit.Percent:0.#} %; product Hct {result.ProductHematocrit.Percent:0.##} %."));
        console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Port flows: plasma {result.PlasmaFlow.MillilitersPerMinute:0.##}, product {result.ProductFlow.MillilitersPerMinute:0.##}, red cells {result.RedCellFlow.MillilitersPerMinute:0.##} mL/min."));
        // Purity of what the collect port takes, per minute of whole blood at this operating point.
        var wholeBlood = point.InletFlow.MillilitersPerMinute * InletRatio.WholeBloodShare(s.Procedure.InletToAcRatio) / 1000;
        double Rate(int i) => counts[i].E9PerLiter * wholeBlood * result.ToCollect[i];
        var white = Rate(0) + Rate(1) + Rate(2) + Rate(3);
        var mnc = Rate(1) + Rate(2) + Rate(3);
        console.WriteLine(white > 0
            ? string.Create(CultureInfo.InvariantCulture, $"Product purity: mononuclear cells {100 * mnc / white:0.#} % of the white cells (granulocytes {100 * Rate(0) / white:0.#} %), {(mnc > 0 ? Rate(5) / mnc : 0):0.##} platelets per mononuclear cell, red cells {result.ProductFlow.MillilitersPerMinute * result.ProductHematocrit.Ratio:0.###} mL/min.")
            : "Product purity: no white cells reach the product at these settings.");
        var pngPath = pngOption ?? Path.Combine("results", Path.GetFileNameWithoutExtension(path), "separator-profile.png");
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(pngPath))!);
        ProfilePlot.Save(result, point, Names, pngPath, string.Create(CultureInfo.InvariantCulture, $"inlet {point.InletFlow.MillilitersPerMinute:0.#} mL/min, collect {point.CollectFlow.MillilitersPerMinute:0.##} mL/min, {point.Speed.RevolutionsPerMinute:0} rpm; {(s.Name.Length > 40 ? s.Name[..40] + "…" : s.Name)}"));
        console.WriteLine($"Profile plot: {Path.GetFullPath(pngPath)}");
        console.WriteLine("Inlet φ: volume fraction entering. Buffy / In red: shares that reached the buffy coat or are held in the packed red layer after one residence time; the collect pump draws from the buffy coat. Product / Plasma / Red port: where each species leaves (docs/model/separator.md).");
        return ExitCodes.Success;
    }

    // The white layer from the red line up, as the collect window sees it (stream units: mL/min of
    // flow above the red line), each band with its mixing and where its cells go.
    private static void WhiteLayer(IAnsiConsole console, SeparationResult result)
    {
        if (result.WhiteLayer is not { } layer || layer.Bands.All(b => b.Thickness <= 0))
        {
            return;
        }

        var table = new Table().Border(TableBorder.Simple).Title("White layer, from the red line up (mL/min of stream)")
            .AddColumn("Band").AddColumn(new TableColumn("Thickness").RightAligned()).AddColumn(new TableColumn("Mixed over").RightAligned())
            .AddColumn(new TableColumn("Drawn").RightAligned()).AddColumn(new TableColumn("Below window").RightAligned()).AddColumn(new TableColumn("Above").RightAligned());
        foreach (var band in layer.Bands.Where(b => b.Thickness > 0))
        {
            table.AddRow(
                string.Join(", ", band.Species.Select(x => Names[(int)x])),
                band.Thickness.ToString("0.###", CultureInfo.InvariantCulture),
                band.Mixing.ToString("0.###", CultureInfo.InvariantCulture),
                P(band.Drawn),
                P(band.Below),
                P(Math.Max(0, 1 - band.Drawn - band.Below)));
        }

        console.Write(table);
        console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Collect window: from {layer.WindowLower:0.###} to {layer.WindowLower + layer.WindowWidth:0.###} mL/min above the red line (blurred by the interface wobble, {layer.Wobble:0.###}); the white layer is {layer.Bands.Sum(b => b.Thickness) - layer.NeutrophilsInRedTop:0.###} thick{(layer.Held ? ", held at the port (what the wobble puts below the window is drawn later)" : "")}."));
        if (layer.NeutrophilsInRedTop > 0 && layer.Bands.FirstOrDefault(b => b.Species.Contains(CellSpecies.Granulocytes)) is { Thickness: > 0 } granulocytes)
        {
            console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Neutrophils in the red layer's top: {layer.NeutrophilsInRedTop / granulocytes.Thickness:0%} of the granulocytes' band lies among the top red cells (falling off over {layer.RedTopScale:0.##} mL/min below the red line), not on them."));
        }
    }

    private static T? Option<T>(string? text, string name, Func<string?, ParseResult<T>> parse, Limit<T> limit, List<string> errors)
        where T : struct, IQuantity<T>
    {
        if (text is null)
        {
            return null;
        }

        var parsed = parse(text);
        if (!parsed.TryGetValue(out var value))
        {
            errors.Add($"{name}: {parsed.Error}");
            return null;
        }

        if (!limit.Contains(value))
        {
            errors.Add($"{name}: {text} is outside the accepted range ({limit.Why}); write a value from {limit.HardMin} to {limit.HardMax}");
            return null;
        }

        return value;
    }

    private static string P(double share) => (share * 100).ToString("0.0", CultureInfo.InvariantCulture) + " %";
}
