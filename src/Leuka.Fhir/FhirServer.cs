using System.Globalization;
using Hl7.Fhir.Model;
using Leuka.Records;

namespace Leuka.Fhir;

/// <summary>The answer to a FHIR request: a status and a resource (an OperationOutcome when it failed).</summary>
/// <param name="Status">HTTP status.</param>
/// <param name="Resource">The body.</param>
public sealed record FhirAnswer(int Status, Resource Resource);

/// <summary>
/// The read-only FHIR R4 interface to the record store, without HTTP (the web host maps it to
/// <c>/fhir</c>): read by id, search by type, and the CapabilityStatement. Resources are built from
/// the store on each request, as <see cref="FhirExport"/> builds them, so they are always the current
/// records. That suits a unit's records (hundreds of patients); it is not a hospital-wide server.
/// </summary>
public static class FhirServer
{
    /// <summary>The largest page a search returns.</summary>
    public const int MaxCount = 1000;

    /// <summary>The resource types served, with the search parameters each takes (besides _id, _count and _offset).</summary>
    public static IReadOnlyDictionary<string, string[]> Types { get; } = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["Patient"] = ["identifier"],
        ["Observation"] = ["patient", "subject", "code"],
        ["Procedure"] = ["patient", "subject"],
        ["BiologicallyDerivedProduct"] = ["patient"],
        ["AdverseEvent"] = ["patient", "subject"],
        ["Provenance"] = ["patient"],
        ["Device"] = ["patient"],
        ["Medication"] = [],
    };

    /// <summary>What the server does, for <c>/fhir/metadata</c>.</summary>
    public static CapabilityStatement Capabilities(string baseUrl) => new()
    {
        Status = PublicationStatus.Active,
        Date = "2026-11-30",
        Kind = CapabilityStatementKind.Instance,
        Software = new CapabilityStatement.SoftwareComponent { Name = "Leuka", Version = PatientRecords.EngineVersion },
        Implementation = new CapabilityStatement.ImplementationComponent { Description = "Leuka record store (read-only)", Url = baseUrl },
        FhirVersion = FHIRVersion.N4_0_1,
        Format = ["application/fhir+json"],
        Rest =
        [
            new CapabilityStatement.RestComponent
            {
                Mode = CapabilityStatement.RestfulCapabilityMode.Server,
                Documentation = "Read and search of what the record store holds, as 'leuka fhir export' writes it (docs/fhir.md). Writes go through Leuka (records, fhir import).",
                Resource = [.. Types.Select(t => new CapabilityStatement.ResourceComponent
                {
                    Type = t.Key,
                    Interaction =
                    [
                        new CapabilityStatement.ResourceInteractionComponent { Code = CapabilityStatement.TypeRestfulInteraction.Read },
                        new CapabilityStatement.ResourceInteractionComponent { Code = CapabilityStatement.TypeRestfulInteraction.SearchType },
                    ],
                    SearchParam = [.. new[] { "_id" }.Concat(t.Value).Select(p => new CapabilityStatement.SearchParamComponent
                    {
                        Name = p,
                        Type = p is "patient" or "subject" ? SearchParamType.Reference : SearchParamType.Token,
                    })],
                })],
            },
        ],
    };

    /// <summary>GET <c>[base]/{type}/{id}</c>.</summary>
    public static FhirAnswer Read(RecordStore store, string type, string id)
    {
        ArgumentNullException.ThrowIfNull(store);
        if (!Types.ContainsKey(type))
        {
            return Problem(404, "not-supported", $"{type} is not a type this server holds: {string.Join(", ", Types.Keys)}");
        }

        var found = Everything(store, null).FirstOrDefault(r => r.TypeName == type && r.Id == id);
        return found is null ? Problem(404, "not-found", $"no {type}/{id}") : new FhirAnswer(200, found);
    }

    /// <summary>GET <c>[base]/{type}?…</c>: a searchset; an unknown parameter is an error, not ignored.</summary>
    public static FhirAnswer Search(RecordStore store, string type, IReadOnlyList<KeyValuePair<string, string>> query, string baseUrl)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(query);
        if (!Types.TryGetValue(type, out var allowed))
        {
            return Problem(404, "not-supported", $"{type} is not a type this server holds: {string.Join(", ", Types.Keys)}");
        }

        var count = 100;
        var offset = 0;
        string? patient = null;
        var filters = new List<Func<Resource, bool>>();
        foreach (var (name, value) in query)
        {
            switch (name)
            {
                case "_id":
                    filters.Add(r => r.Id == value);
                    break;
                case "_count" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var c) && c is >= 1 and <= MaxCount:
                    count = c;
                    break;
                case "_count":
                    return Problem(400, "invalid", $"_count: \"{value}\" is not a page size; give 1 to {MaxCount}");
                case "_offset" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var o):
                    offset = o;
                    break;
                case "_offset":
                    return Problem(400, "invalid", $"_offset: \"{value}\" is not a whole number ≥ 0");
                case "patient" or "subject" when allowed.Contains(name):
                    patient = value.StartsWith("Patient/", StringComparison.Ordinal) ? value["Patient/".Length..] : value;
                    break;
                case "identifier" when allowed.Contains(name):
                    var bar = value.IndexOf('|', StringComparison.Ordinal);
                    filters.Add(r => r is Patient p && p.Identifier.Any(i => i.Value == (bar < 0 ? value : value[(bar + 1)..]) && (bar < 0 || i.System == value[..bar])));
                    break;
                case "code" when allowed.Contains(name):
                    var pipe = value.IndexOf('|', StringComparison.Ordinal);
                    filters.Add(r => r is Observation o && o.Code.Coding.Any(k => k.Code == (pipe < 0 ? value : value[(pipe + 1)..]) && (pipe < 0 || k.System == value[..pipe])));
                    break;
                default:
                    return Problem(400, "not-supported", $"{name}: not a search parameter of {type} here; supported: {string.Join(", ", new[] { "_id", "_count", "_offset" }.Concat(allowed))}");
            }
        }

        var matches = Everything(store, patient).Where(r => r.TypeName == type && filters.All(f => f(r))).DistinctBy(r => r.Id).ToList();
        var bundle = new Bundle { Type = Bundle.BundleType.Searchset, Total = matches.Count };
        // Bundle.link.relation is a string in R4 (a code from R5 on, which the SDK's shared model writes unless told).
        bundle.Link.Add(new Bundle.LinkComponent { RelationElement = new FhirString("self"), Url = Link(baseUrl, type, query, offset) });
        if (offset + count < matches.Count)
        {
            bundle.Link.Add(new Bundle.LinkComponent { RelationElement = new FhirString("next"), Url = Link(baseUrl, type, query, offset + count) });
        }

        foreach (var r in matches.Skip(offset).Take(count))
        {
            bundle.Entry.Add(new Bundle.EntryComponent
            {
                FullUrl = $"{baseUrl}/{type}/{r.Id}",
                Resource = r,
                Search = new Bundle.SearchComponent { Mode = Bundle.SearchEntryMode.Match },
            });
        }

        return new FhirAnswer(200, bundle);
    }

    /// <summary>An OperationOutcome with one error.</summary>
    public static FhirAnswer Problem(int status, string code, string message) => new(status, new OperationOutcome
    {
        Issue =
        [
            new OperationOutcome.IssueComponent
            {
                Severity = OperationOutcome.IssueSeverity.Error,
                Code = Enum.TryParse<OperationOutcome.IssueType>(code.Replace("-", "", StringComparison.Ordinal), true, out var t) ? t : OperationOutcome.IssueType.Processing,
                Diagnostics = message,
            },
        ],
    });

    // Every resource of one patient (identifier or record id) or of all patients.
    private static IEnumerable<Resource> Everything(RecordStore store, string? patient)
    {
        var ids = patient is not null
            ? [patient]
            : store.Read(db => RecordWriter.Current(db.Patients).Select(p => p.RecordId).AsEnumerable().Select(g => g.ToString("D")).ToList());
        foreach (var id in ids)
        {
            PatientTimeline t;
            try
            {
                t = PatientRecords.Timeline(store, id);
            }
            catch (RecordInputException)
            {
                continue;
            }

            foreach (var r in FhirExport.Resources(t))
            {
                yield return r;
            }
        }
    }

    private static string Link(string baseUrl, string type, IReadOnlyList<KeyValuePair<string, string>> query, int offset)
    {
        var parts = query.Where(q => q.Key != "_offset").Select(q => Uri.EscapeDataString(q.Key) + "=" + Uri.EscapeDataString(q.Value)).ToList();
        if (offset > 0)
        {
            parts.Add("_offset=" + offset.ToString(CultureInfo.InvariantCulture));
        }

        return $"{baseUrl}/{type}" + (parts.Count > 0 ? "?" + string.Join("&", parts) : "");
    }
}
