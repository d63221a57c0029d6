using Leuka.Procedure;

namespace Leuka.Formats;

/// <summary>
/// The numeric fields of summary.json by their path (e.g. <c>wbc.reductionPercent</c>,
/// <c>followUp.1.wbcE9PerL</c>), read from the typed result at full precision. Validation metrics
/// name these paths; a test holds every entry equal to what <see cref="SummaryJson"/> writes.
/// </summary>
public static class SummaryFields
{
    private static readonly Dictionary<string, Func<ProcedureResult, double>> Fields = new(StringComparer.Ordinal)
    {
        ["totalBloodVolumeL"] = r => r.TotalBloodVolumeL,
        ["processedVolumeL"] = r => r.ProcessedVolumeL,
        ["bloodVolumesProcessed"] = r => r.BloodVolumesProcessed,
        ["durationMin"] = r => r.DurationMin,
        ["wbc.preE9PerL"] = r => r.Wbc.Pre,
        ["wbc.postE9PerL"] = r => r.Wbc.Post,
        ["wbc.reductionPercent"] = r => r.Wbc.ReductionPercent,
        ["platelets.preE9PerL"] = r => r.Platelets.Pre,
        ["platelets.postE9PerL"] = r => r.Platelets.Post,
        ["platelets.reductionPercent"] = r => r.Platelets.ReductionPercent,
        ["hematocrit.prePercent"] = r => r.Hematocrit.PrePercent,
        ["hematocrit.postPercent"] = r => r.Hematocrit.PostPercent,
        ["product.volumeMl"] = r => r.Product.VolumeMl,
        ["product.hematocritPercent"] = r => r.Product.HematocritPercent,
        ["product.wbcE9"] = r => r.Product.WbcE9,
        ["product.plateletsE9"] = r => r.Product.PlateletsE9,
        ["product.granulocytePercentOfWbc"] = r => r.Product.GranulocytePercentOfWbc,
        ["product.lymphocytesE9"] = r => r.Product.LymphocytesE9,
        ["product.monocytesE9"] = r => r.Product.MonocytesE9,
        ["product.cd34E6"] = r => r.Product.Cd34E6,
        ["product.cd3E9"] = r => r.Product.Cd3E9,
        ["product.blastsE9"] = r => r.Product.BlastsE9,
        ["product.cd34PerKgE6"] = r => r.Product.Cd34PerKgE6,
        ["collectionEfficiencyPercent.wbc.ce1"] = r => r.CollectionEfficiency.Wbc.Ce1,
        ["collectionEfficiencyPercent.wbc.ce2"] = r => r.CollectionEfficiency.Wbc.Ce2,
        ["collectionEfficiencyPercent.mnc.ce1"] = r => r.CollectionEfficiency.Mnc.Ce1,
        ["collectionEfficiencyPercent.mnc.ce2"] = r => r.CollectionEfficiency.Mnc.Ce2,
        ["collectionEfficiencyPercent.cd34.ce1"] = r => r.CollectionEfficiency.Cd34.Ce1,
        ["collectionEfficiencyPercent.cd34.ce2"] = r => r.CollectionEfficiency.Cd34.Ce2,
        ["collectionEfficiencyPercent.lymphocytes.ce1"] = r => r.CollectionEfficiency.Lymphocytes.Ce1,
        ["collectionEfficiencyPercent.lymphocytes.ce2"] = r => r.CollectionEfficiency.Lymphocytes.Ce2,
        ["collectionEfficiencyPercent.platelets.ce1"] = r => r.CollectionEfficiency.Platelets.Ce1,
        ["collectionEfficiencyPercent.platelets.ce2"] = r => r.CollectionEfficiency.Platelets.Ce2,
        ["citrate.acVolumeMl"] = r => r.Citrate.AcVolumeMl,
        ["citrate.peakInfusionRateMgPerKgPerMin"] = r => r.Citrate.PeakInfusionRateMgPerKgPerMin,
        ["citrate.peakPlasmaMmolPerL"] = r => r.Citrate.PeakPlasmaMmolPerL,
        ["citrate.toPatientMmol"] = r => r.Citrate.ToPatientMmol,
        ["ionizedCalcium.baselineMmolPerL"] = r => r.IonizedCalcium.BaselineMmolPerL,
        ["ionizedCalcium.nadirMmolPerL"] = r => r.IonizedCalcium.NadirMmolPerL,
        ["ionizedCalcium.nadirAtMin"] = r => r.IonizedCalcium.NadirAtMin,
        ["ionizedCalcium.endMmolPerL"] = r => r.IonizedCalcium.EndMmolPerL,
        ["ionizedCalcium.calciumGivenMmol"] = r => r.IonizedCalcium.GivenMmol,
        ["ionizedCalcium.citrateReactionProbability"] = r => r.IonizedCalcium.ReactionProbability,
        ["ionizedCalcium.totalCalciumPreMmolPerL"] = r => r.IonizedCalcium.TotalPreMmolPerL,
        ["ionizedCalcium.totalCalciumPostMmolPerL"] = r => r.IonizedCalcium.TotalPostMmolPerL,
        ["ionizedMagnesium.baselineMmolPerL"] = r => r.Magnesium.BaselineMmolPerL,
        ["ionizedMagnesium.nadirMmolPerL"] = r => r.Magnesium.NadirMmolPerL,
        ["ionizedMagnesium.endMmolPerL"] = r => r.Magnesium.EndMmolPerL,
        ["ionizedMagnesium.totalMagnesiumPreMmolPerL"] = r => r.Magnesium.TotalPreMmolPerL,
        ["ionizedMagnesium.totalMagnesiumPostMmolPerL"] = r => r.Magnesium.TotalPostMmolPerL,
        ["ionizedMagnesium.givenMmol"] = r => r.Magnesium.GivenMmol,
        ["potassium.baselineMmolPerL"] = r => r.Potassium.BaselineMmolPerL,
        ["potassium.nadirMmolPerL"] = r => r.Potassium.NadirMmolPerL,
        ["potassium.endMmolPerL"] = r => r.Potassium.EndMmolPerL,
        ["potassium.bicarbonateGainEndMmolPerL"] = r => r.Potassium.BicarbonateGainEndMmolPerL,
        ["potassium.peakPh"] = r => r.Potassium.PeakPh,
        // Without heparin these are not numbers (not 0): a check on them cannot pass for nothing.
        ["heparin.toPatientIu"] = r => r.Heparin?.ToPatientUnits ?? double.NaN,
        ["heparin.bolusIu"] = r => r.Heparin?.BolusUnits ?? double.NaN,
        ["heparin.iuPerKg"] = r => r.Heparin?.UnitsPerKg ?? double.NaN,
        ["heparin.iuPerKgPerHour"] = r => r.Heparin?.UnitsPerKgPerHour ?? double.NaN,
        ["heparin.peakAntiXaIuPerMl"] = r => r.Heparin?.PeakAntiXa ?? double.NaN,
        ["heparin.endAntiXaIuPerMl"] = r => r.Heparin?.EndAntiXa ?? double.NaN,
        ["heparin.minutesToClearAfterEnd"] = r => r.Heparin?.MinutesToClear ?? double.NaN,
        ["circulation.baselineMeanMmHg"] = r => r.Circulation.BaselineMeanMmHg,
        ["circulation.baselineSystolicMmHg"] = r => r.Circulation.BaselineSystolicMmHg,
        ["circulation.baselineHeartRatePerMin"] = r => r.Circulation.BaselineHeartRate,
        ["circulation.lowestMeanMmHg"] = r => r.Circulation.LowestMeanMmHg,
        ["circulation.lowestSystolicMmHg"] = r => r.Circulation.LowestSystolicMmHg,
        ["circulation.highestHeartRatePerMin"] = r => r.Circulation.HighestHeartRate,
        ["circulation.minutesHypotensive"] = r => r.Circulation.MinutesHypotensive,
        ["circulation.salineBolusesMl"] = r => r.Circulation.SalineBolusesMl,
        ["circulation.vasovagalRiskPercent"] = r => 100 * r.Circulation.VasovagalRisk,
        ["extracorporealVolume.peakMl"] = r => r.Extracorporeal.PeakMl,
        ["extracorporealVolume.peakPercentOfTbv"] = r => r.Extracorporeal.PeakPercentOfTbv,
        ["fluidBalanceMl"] = r => r.FluidBalanceMl,
        ["sampledMl"] = r => r.SampledMl,
        ["lymphocytes.preE9PerL"] = r => r.Lymphocytes.Pre,
        ["lymphocytes.postE9PerL"] = r => r.Lymphocytes.Post,
        ["lymphocytes.reductionPercent"] = r => r.Lymphocytes.ReductionPercent,
        ["cd34.prePerUl"] = r => r.Cd34PerMicroliter.Pre,
        ["cd34.postPerUl"] = r => r.Cd34PerMicroliter.Post,
        ["cd34.circulatingPreE6"] = r => r.Cd34CirculatingPreE6,
    };

    /// <summary>Every scalar path (follow-up entries add <c>followUp.N.afterHours</c>, <c>.wbcE9PerL</c>, <c>.blastsE9PerL</c>, <c>.plateletsE9PerL</c>).</summary>
    public static IEnumerable<string> Paths => Fields.Keys;

    /// <summary>The value at a path; <see cref="FormatException"/> naming the path when summary.json has no such number.</summary>
    public static double Value(ProcedureResult result, string path)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(path);
        if (Fields.TryGetValue(path, out var field))
        {
            return field(result);
        }

        var parts = path.Split('.');
        if (parts is ["followUp", var index, var name] && int.TryParse(index, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var i) && i < result.FollowUp.Length)
        {
            var f = result.FollowUp[i];
            switch (name)
            {
                case "afterHours": return f.After.Hours;
                case "wbcE9PerL": return f.Wbc.E9PerLiter;
                case "blastsE9PerL": return f.Blasts.E9PerLiter;
                case "plateletsE9PerL": return f.Platelets.E9PerLiter;
            }
        }

        throw new FormatException($"summary.json has no number at {path}");
    }

    /// <summary>Whether <paramref name="path"/> names a number of summary.json (without a result to read it from).</summary>
    public static bool Has(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return Fields.ContainsKey(path)
            || (path.Split('.') is ["followUp", var index, "afterHours" or "wbcE9PerL" or "blastsE9PerL" or "plateletsE9PerL"] && int.TryParse(index, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out _));
    }
}
