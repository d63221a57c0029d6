using System.Globalization;

namespace Leuka.Cli.Tests;

public sealed class SeparatorCommandTests
{
    public static TheoryData<string> ExampleFiles => new(CliRunner.Examples().Select(Path.GetFileName)!);

    [Theory]
    [MemberData(nameof(ExampleFiles))]
    public void Every_example_gets_a_partition_table_and_a_profile_plot(string file)
    {
        var png = Path.Combine(Path.GetTempPath(), $"leuka-separator-{Guid.NewGuid():N}.png");
        try
        {
            var (exit, output, error) = CliRunner.Run("separator", CliRunner.Example(file), "--png", png);
            Assert.Equal(0, exit);
            Assert.Empty(error);
            Assert.Contains("Product", output, StringComparison.Ordinal);
            Assert.Contains("Red port", output, StringComparison.Ordinal);
            Assert.Contains("lymphocytes", output, StringComparison.Ordinal);
            Assert.Contains("product Hct", output, StringComparison.Ordinal);
            Assert.Contains("White layer, from the red line up", output, StringComparison.Ordinal);
            Assert.Contains("Collect window: from", output, StringComparison.Ordinal);

            // Only the CML example's differential has immature granulocytes (45 of its 90 % granulocytes).
            var immature = file == "cml-profound-hyperleukocytosis.json";
            Assert.Equal(immature, output.Contains("Granulocytes: 50 % immature", StringComparison.Ordinal));
            var bytes = File.ReadAllBytes(png);
            Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], bytes[..4]);
            Assert.True(bytes.Length > 10_000);
        }
        finally
        {
            File.Delete(png);
        }
    }

    [Theory]
    [InlineData("--inlet-flow", "60 mL", "--inlet-flow: \"60 mL\": \"mL\" is a unit of volume")]
    [InlineData("--speed", "90000 rpm", "--speed: 90000 rpm is outside the accepted range")]
    [InlineData("--collect-flow", "1", "--collect-flow: \"1\" has no unit")]
    [InlineData("--offset", "9", "--offset: 9 is out of range")]
    public void Bad_settings_exit_2_naming_the_option(string option, string value, string message)
    {
        var (exit, output, error) = CliRunner.Run("separator", CliRunner.Example("adult-aml-hyperleukocytosis.json"), option, value, "--png", Path.Combine(Path.GetTempPath(), "never-written.png"));
        Assert.Equal(2, exit);
        Assert.Empty(output);
        Assert.Contains(message, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Settings_override_the_scenario()
    {
        var png = Path.Combine(Path.GetTempPath(), $"leuka-separator-{Guid.NewGuid():N}.png");
        try
        {
            var (exit, output, _) = CliRunner.Run("separator", CliRunner.Example("car-t-lymphocyte-collection.json"), "--inlet-flow", "3 L/h", "--speed", "2000 rpm", "--png", png);
            Assert.Equal(0, exit);
            Assert.Contains("inlet 50 mL/min", output, StringComparison.Ordinal);
            Assert.Contains("2000 rpm", output, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(png);
        }
    }

    [Fact]
    public void A_named_device_holds_its_collect_line()
    {
        var scenario = Path.Combine(Path.GetTempPath(), $"leuka-device-{Guid.NewGuid():N}.json");
        var png = Path.ChangeExtension(scenario, ".png");
        try
        {
            File.WriteAllText(scenario, File.ReadAllText(CliRunner.Example("car-t-lymphocyte-collection.json")).Replace("\"kind\": \"mnc-collection\",", "\"kind\": \"mnc-collection\", \"device\": \"cobe-spectra-mnc\",", StringComparison.Ordinal));
            var (exit, output, error) = CliRunner.Run("separator", scenario, "--png", png);
            Assert.True(exit == 0, error);
            Assert.Contains("COBE Spectra MNC", output, StringComparison.Ordinal);
            Assert.Contains("collect line held at Hct 1.75 %", output, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(scenario);
            File.Delete(png);
        }
    }

    [Fact]
    public void A_patients_larger_blasts_show_as_a_larger_inlet_fraction_and_a_smaller_share_collected()
    {
        var scenario = Path.Combine(Path.GetTempPath(), $"leuka-blasts-{Guid.NewGuid():N}.json");
        var png = Path.ChangeExtension(scenario, ".png");
        try
        {
            static (double Inlet, double Product) Blasts(string output)
            {
                var cells = output.Split('\n').First(l => l.TrimStart().StartsWith("blasts", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries);
                return (double.Parse(cells[1], CultureInfo.InvariantCulture), double.Parse(cells[6], CultureInfo.InvariantCulture));
            }

            var typical = CliRunner.Run("separator", CliRunner.Example("adult-aml-hyperleukocytosis.json"), "--png", png);
            File.WriteAllText(scenario, File.ReadAllText(CliRunner.Example("adult-aml-hyperleukocytosis.json")).Replace("\"patient\": {", "\"patient\": { \"variation\": { \"blastVolume\": 1.5 },", StringComparison.Ordinal));
            var larger = CliRunner.Run("separator", scenario, "--png", png);
            Assert.True(larger.Exit == 0, larger.Err);
            var (a, b) = (Blasts(typical.Out), Blasts(larger.Out));
            Assert.Equal(1.5 * a.Inlet, b.Inlet, 0.001 * a.Inlet);
            Assert.True(b.Product < a.Product - 5, $"{a.Product} % → {b.Product} %");
        }
        finally
        {
            File.Delete(scenario);
            File.Delete(png);
        }
    }
}
