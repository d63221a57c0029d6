using System.Globalization;
using System.Text.Json.Nodes;
using Hl7.Fhir.Model;
using FhirProcedure = Hl7.Fhir.Model.Procedure;
using Leuka.Records;

namespace Leuka.Fhir;

/// <summary>The resources of one procedure as done.</summary>
public static partial class FhirExport
{
    private const string Participant = "http://terminology.hl7.org/CodeSystem/provenance-participant-type";
    private const string Severity = "http://terminology.hl7.org/CodeSystem/adverse-event-severity";
    private const string Seriousness = "http://terminology.hl7.org/CodeSystem/adverse-event-seriousness";
    private const string Outcome = "http://terminology.hl7.org/CodeSystem/adverse-event-outcome";

    /// <summary>The scenario field of each LOINC code the import reads (its inverse).</summary>
    private static readonly IReadOnlyDictionary<string, string> LoincOf =
        FhirImport.Codes.ToDictionary(c => c.Value.Field, c => c.Key, StringComparer.Ordinal);

    private sealed partial class Builder
    {
        public void AddProcedure(ProcedureRow p)
        {
            var id = p.RecordId.ToString("D");
            var own = new List<Resource>();
            var scenario = Scenario(p) ?? [];
            var start = p.StartedAt;
            var end = start.AddMinutes(p.DurationMin);
            var kind = scenario["procedure"]?["kind"]?.ToString() ?? "unknown";
            var procedure = new FhirProcedure
            {
                Id = id,
                Identifier = [new Identifier(FhirCodes.RecordSystem, id)],
                Status = EventStatus.Completed,
                Category = new CodeableConcept { Text = kind == "leukocyte-depletion" ? "Therapeutic apheresis" : "Cell collection by apheresis" },
                Code = FhirCodes.Concept(FhirCodes.ProcedureKindSystem, kind, "Leukapheresis: " + kind),
                Subject = PatientRef,
                Performed = new Period(new FhirDateTime(Utc(start)), new FhirDateTime(Utc(end))),
                Extension = [.. FhirSettings.Write(scenario)],
            };
            if (p.Operator is { } op)
            {
                procedure.Performer.Add(new FhirProcedure.PerformerComponent { Actor = new ResourceReference { Display = op } });
            }

            if (scenario["procedure"]?["access"]?.ToString() is { } access)
            {
                procedure.BodySite.Add(new CodeableConcept { Text = "Vascular access: " + access });
            }

            own.Add(procedure);
            var partOf = Ref("Procedure", id);
            if (p.DisposableLot is { } lot)
            {
                var device = new Device
                {
                    Id = FhirCodes.DerivedId(p.RecordId, "disposable"),
                    Type = new CodeableConcept { Text = "Apheresis disposable set" },
                    LotNumber = lot,
                    Patient = PatientRef,
                };
                device.Identifier.Add(new Identifier(FhirCodes.RecordSystem, device.Id));
                procedure.UsedReference.Add(Ref("Device", device.Id));
                own.Add(device);
            }

            if (p.AnticoagulantLot is { } acLot)
            {
                var medication = new Medication
                {
                    Id = FhirCodes.DerivedId(p.RecordId, "anticoagulant"),
                    // Heparin added to the AC is part of what was hung: say so beside the citrate.
                    Code = new CodeableConcept
                    {
                        Text = "Anticoagulant: " + (scenario["procedure"]?["anticoagulant"]?.ToString() ?? "ACD-A")
                            + (scenario["procedure"]?["heparin"]?["perAc"]?.ToString() is { } heparin ? " with heparin " + heparin + " of AC" : ""),
                    },
                    Batch = new Medication.BatchComponent { LotNumber = acLot },
                };
                medication.Identifier.Add(new Identifier(FhirCodes.RecordSystem, medication.Id));
                procedure.UsedReference.Add(Ref("Medication", medication.Id));
                own.Add(medication);
            }

            // The patient as the run saw them: weight, height and counts at the start.
            if (scenario["patient"] is JsonObject patient)
            {
                foreach (var (field, text) in Inputs(patient))
                {
                    if (Pre(field, text) is { } q)
                    {
                        var category = field is "weight" or "height" ? "vital-signs" : "laboratory";
                        var o = Observation(FhirCodes.DerivedId(p.RecordId, "pre/" + field), category, FhirCodes.Concept(FhirCodes.Loinc, LoincOf[field], field), start, q);
                        o.PartOf.Add(partOf);
                        own.Add(o);
                    }
                }
            }

            own.Add(Local(p, "processed-volume", start, Decimal(p.ProcessedVolumeL), partOf));
            own.Add(Local(p, "duration", start, Decimal(p.DurationMin), partOf));
            own.Add(Local(p, "anticoagulant-volume", start, Decimal(p.AcVolumeMl), partOf));
            own.Add(Local(p, "calcium-given", start, Decimal(p.CalciumGivenMmol), partOf));
            if (p.HeparinGivenIu is { } heparinIu)
            {
                own.Add(Local(p, "heparin-given", start, Decimal(heparinIu), partOf));
            }
            var pauses = Observation(FhirCodes.DerivedId(p.RecordId, "interruptions"), "procedure", FhirCodes.Concept(FhirCodes.ObservationSystem, "interruptions", FhirCodes.LocalObservations["interruptions"].Display), start, new Integer(p.Interruptions));
            pauses.PartOf.Add(partOf);
            own.Add(pauses);
            if (Timeline.Labs.Where(l => l.Analyte == "ionizedCalcium" && l.TakenAt >= start && l.TakenAt <= end).MinBy(l => l.Value) is { } nadir)
            {
                var o = Local(p, "ionized-calcium-nadir", nadir.TakenAt, Decimal(nadir.Value), partOf);
                o.DerivedFrom.Add(Ref("Observation", nadir.RecordId.ToString("D")));
                own.Add(o);
            }

            if (Timeline.Products.FirstOrDefault(x => x.ProcedureId == p.RecordId) is { } product)
            {
                own.AddRange(Product(p, product, kind, start, end, partOf));
            }

            foreach (var e in Timeline.AdverseEvents.Where(e => e.ProcedureId == p.RecordId))
            {
                own.Add(Event(e, partOf));
            }

            var provenance = new Provenance
            {
                Id = FhirCodes.DerivedId(p.RecordId, "provenance"),
                Target = [.. own.Select(r => Ref(r.TypeName, r.Id!))],
                Recorded = new DateTimeOffset(DateTime.SpecifyKind(p.RecordedAt, DateTimeKind.Utc)),
                Agent =
                [
                    new Provenance.AgentComponent { Type = FhirCodes.Concept(Participant, "assembler", "Assembler"), Who = Ref("Device", LeukaDeviceId) },
                    new Provenance.AgentComponent { Type = FhirCodes.Concept(Participant, "enterer", "Enterer"), Who = new ResourceReference { Display = p.RecordedBy } },
                ],
            };
            Resources.AddRange(own);
            Resources.Add(provenance);
        }

        private IEnumerable<Resource> Product(ProcedureRow p, ProductRow product, string kind, DateTime start, DateTime end, ResourceReference partOf)
        {
            var id = product.RecordId.ToString("D");
            var code = new CodeableConcept { Text = "Apheresis product (" + kind + ")" };
            if (product.Isbt128 is { } isbt)
            {
                code.Coding.Add(new Coding(FhirCodes.Isbt128System, isbt));
            }

            yield return new BiologicallyDerivedProduct
            {
                Id = id,
                Identifier = [new Identifier(FhirCodes.RecordSystem, id)],
                ProductCategory = BiologicallyDerivedProduct.BiologicallyDerivedProductCategory.Cells,
                ProductCode = code,
                Quantity = 1,
                Collection = new BiologicallyDerivedProduct.CollectionComponent { Source = PatientRef, Collected = new Period(new FhirDateTime(Utc(start)), new FhirDateTime(Utc(end))) },
            };
            var focus = Ref("BiologicallyDerivedProduct", id);
            (string Code, double? Value)[] content =
            [
                ("product-volume", product.VolumeMl), ("product-hematocrit", product.HematocritPercent), ("product-wbc", product.WbcE9),
                ("product-cd34", product.Cd34E6), ("product-cd3", product.Cd3E9), ("product-platelets", product.PlateletsE9),
            ];
            foreach (var (c, v) in content)
            {
                if (v is { } value)
                {
                    var o = Local(p, c, end, Decimal(value), partOf);
                    o.Category = [FhirCodes.Concept(FhirCodes.CategorySystem, "laboratory")];
                    o.Focus.Add(focus);
                    yield return o;
                }
            }
        }

        public AdverseEvent Event(AdverseEventRow e, ResourceReference? procedure)
        {
            var id = e.RecordId.ToString("D");
            var a = new AdverseEvent
            {
                Id = id,
                Identifier = new Identifier(FhirCodes.RecordSystem, id),
                Actuality = AdverseEvent.AdverseEventActuality.Actual,
                Event = FhirCodes.Concept(FhirCodes.AdverseEventSystem, e.Type, e.Type),
                Subject = PatientRef,
                Date = Utc(e.OccurredAt).ToString("yyyy-MM-ddTHH:mm:ss.fffK", CultureInfo.InvariantCulture),
                Seriousness = e.WaaSeverity >= 3 ? FhirCodes.Concept(Seriousness, "Serious", "Serious") : FhirCodes.Concept(Seriousness, "Non-serious", "Non-serious"),
                Severity = FhirCodes.Concept(Severity, e.WaaSeverity switch { 1 => "mild", 2 => "moderate", _ => "severe" }),
            };
            if (procedure is not null)
            {
                a.SuspectEntity.Add(new AdverseEvent.SuspectEntityComponent { Instance = procedure });
            }

            if (e.WaaSeverity == 4)
            {
                a.Outcome = FhirCodes.Concept(Outcome, "fatal", "Fatal");
            }

            // The outcome is free text in the record; the element binds a code (required), so the text travels as an extension.
            if (e.Outcome is { } outcome)
            {
                a.Extension.Add(new Extension(FhirCodes.Local + "StructureDefinition/outcome-text", new FhirString(outcome)));
            }

            a.Extension.Add(new Extension(FhirCodes.WaaExtension, new Integer(e.WaaSeverity)));
            a.Extension.Add(new Extension(FhirCodes.CtcaeExtension, new Integer(e.CtcaeGrade)));
            a.Extension.Add(new Extension(FhirCodes.Local + "StructureDefinition/procedure-interrupted", new FhirBoolean(e.Interrupted)));
            if (e.Intervention is { } intervention)
            {
                a.Extension.Add(new Extension(FhirCodes.Local + "StructureDefinition/intervention", new FhirString(intervention)));
            }

            return a;
        }

        private Observation Local(ProcedureRow p, string code, DateTime at, decimal value, ResourceReference partOf)
        {
            var (display, ucum) = FhirCodes.LocalObservations[code];
            var o = Observation(FhirCodes.DerivedId(p.RecordId, code), "procedure", FhirCodes.Concept(FhirCodes.ObservationSystem, code, display), at, FhirCodes.Quantity(value, ucum));
            o.PartOf.Add(partOf);
            return o;
        }

        // The scenario's patient fields that are observations: weight, height, every lab and the differential.
        private static IEnumerable<(string Field, string Text)> Inputs(JsonObject patient)
        {
            foreach (var f in new[] { "weight", "height" })
            {
                if (patient[f] is JsonValue v)
                {
                    yield return (f, v.ToString());
                }
            }

            if (patient["labs"] is not JsonObject labs)
            {
                yield break;
            }

            foreach (var (name, node) in labs)
            {
                if (node is JsonObject differential)
                {
                    foreach (var (cell, value) in differential)
                    {
                        yield return ("labs." + name + "." + cell, value?.ToString() ?? "");
                    }
                }
                else
                {
                    yield return ("labs." + name, node?.ToString() ?? "");
                }
            }
        }

        // The value with the unit as written when the import reads that unit back; else the analyte's stored unit.
        private static Quantity? Pre(string field, string text)
        {
            if (!LoincOf.TryGetValue(field, out var loinc) || Split(text) is not { } split)
            {
                return null;
            }

            if (FhirImport.Codes[loinc].Units.FirstOrDefault(u => u.Value == split.Unit) is { Key: { } ucum })
            {
                return FhirCodes.Quantity(split.Value, ucum, split.Unit);
            }

            if (field.StartsWith("labs.", StringComparison.Ordinal) && Analyte.All.TryGetValue(field[5..], out var analyte) && analyte.Read(text) is (var canonical, null))
            {
                var (code, unit) = Ucum(analyte.Unit);
                return FhirCodes.Quantity(Decimal(canonical), code, unit);
            }

            return null;
        }

        private static DateTimeOffset Utc(DateTime t) => new(DateTime.SpecifyKind(t, DateTimeKind.Utc));
    }
}
