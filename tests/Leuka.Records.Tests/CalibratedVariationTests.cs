using Leuka.Patients;

namespace Leuka.Records.Tests;

public sealed class CalibratedVariationTests
{
    [Fact]
    public void A_calibration_stored_with_fewer_random_effects_still_reads_with_the_others_typical()
    {
        // Stored before blastVolume was a random effect: four parameters, by name.
        var old = new CalibrationRow
        {
            Posterior = """{ "parameters": [ { "name": "interfaceWobble", "median": 2.2 }, { "name": "whiteLayerMixing", "median": 1.5 }, { "name": "tissueExchange", "median": 0.8 }, { "name": "tissueReservoir", "median": 1.1 } ] }""",
        };
        Assert.Equal(new PatientVariation(2.2, 1.5, 0.8, 1.1, BlastVolume: 1), PatientRecords.CalibratedVariation(old));

        var now = new CalibrationRow { Posterior = """{ "parameters": [ { "name": "blastVolume", "median": 1.4 }, { "name": "somethingRetired", "median": 9 } ] }""" };
        Assert.Equal(new PatientVariation(BlastVolume: 1.4), PatientRecords.CalibratedVariation(now));
        Assert.Null(PatientRecords.CalibratedVariation(new CalibrationRow { Posterior = """{ "parameters": [] }""" }));
    }
}
