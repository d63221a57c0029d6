using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Leuka.Formats;
using Leuka.Quantities;
using Leuka.Scenarios;

namespace Leuka.Records;

/// <summary>
/// A record file (<c>leuka records add FILE</c>, <c>POST /api/records</c>): a new patient or a
/// reference to one, and any of a course, labs, procedures with their products and adverse
/// events. Everything is read and checked before anything is written, and written in one
/// transaction: a bad file changes nothing. Format: docs/records.md.
/// </summary>
public sealed partial class RecordDocument
{
    /// <summary>Adverse-event types.</summary>
    public static IReadOnlyList<string> AdverseEventTypes { get; } =
        ["citrate-reaction", "hypotension", "vasovagal", "access-bleeding", "access-infection", "access-failure", "allergic", "bleeding", "arrhythmia", "other"];

    private static readonly string[] TopFields = ["patient", "patientIdentifier", "course", "labs", "procedures", "adverseEvents"];
    private static readonly string[] PatientFields = ["identifier", "sex", "birthDate", "height", "weight", "diagnosis"];
    private static readonly string[] CourseFields = ["indication", "goal", "mobilisation", "startDate"];
    private static readonly string[] ProcedureFields = ["startedAt", "origin", "scenario", "processedVolume", "duration", "acVolume", "calciumGiven", "heparinGiven", "interruptions", "disposableLot", "anticoagulantLot", "operator", "runLog", "product", "adverseEvents"];
    private static readonly string[] ProductFields = ["volume", "hematocrit", "wbc", "cd34", "cd3", "platelets", "isbt128"];
    private static readonly string[] EventFields = ["occurredAt", "type", "waaSeverity", "ctcaeGrade", "intervention", "outcome", "interrupted"];

    private readonly DateTime _now;

    private RecordDocument(DateTime now) => _now = now;

    /// <summary>The new patient, or null when the file names an existing one.</summary>
    public PatientRow? Patient { get; private set; }

    /// <summary>The existing patient's identifier, when the file names one.</summary>
    public string? PatientIdentifier { get; private set; }

    /// <summary>A new course.</summary>
    public CourseRow? Course { get; private set; }

    /// <summary>Lab results (one row per analyte).</summary>
    public List<LabRow> Labs { get; } = [];

    /// <summary>Procedures, each with its product and adverse events.</summary>
    public List<(ProcedureRow Procedure, ProductRow? Product, List<AdverseEventRow> Events)> Procedures { get; } = [];

    /// <summary>Adverse events outside a procedure.</summary>
    public List<AdverseEventRow> AdverseEvents { get; } = [];

    /// <summary>Reads and checks a record file; <see cref="RecordInputException"/> naming the first bad field.</summary>
    public static RecordDocument Parse(string json, DateTime now)
    {
        JsonObject root;
        try
        {
            root = JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true, AllowDuplicateProperties = false }) as JsonObject
                ?? throw new RecordInputException("$", "expected a JSON object with \"patient\" or \"patientIdentifier\"");
        }
        catch (JsonException e)
        {
            throw new RecordInputException("$", $"not valid JSON ({e.Message})");
        }

        var d = new RecordDocument(now);
        Fields(root, "", TopFields);
        if (root["patient"] is not null == root["patientIdentifier"] is not null)
        {
            throw new RecordInputException("patient", "give either \"patient\" (a new patient) or \"patientIdentifier\" (one already recorded), not both or neither");
        }

        if (root["patient"] is { } p)
        {
            d.Patient = d.ReadPatient(Obj(p, "patient"));
        }
        else
        {
            d.PatientIdentifier = Text(root["patientIdentifier"], "patientIdentifier", required: true)!;
        }

        if (root["course"] is { } c)
        {
            d.Course = d.ReadCourse(Obj(c, "course"));
        }

        foreach (var (item, i) in Array(root["labs"], "labs"))
        {
            d.ReadLabs(Obj(item, $"labs[{i}]"), $"labs[{i}]");
        }

        foreach (var (item, i) in Array(root["procedures"], "procedures"))
        {
            d.Procedures.Add(d.ReadProcedure(Obj(item, $"procedures[{i}]"), $"procedures[{i}]"));
        }

        foreach (var (item, i) in Array(root["adverseEvents"], "adverseEvents"))
        {
            d.AdverseEvents.Add(d.ReadEvent(Obj(item, $"adverseEvents[{i}]"), $"adverseEvents[{i}]"));
        }

        return d;
    }

    private PatientRow ReadPatient(JsonObject o)
    {
        Fields(o, "patient.", PatientFields);
        var birth = Date(o["birthDate"], "patient.birthDate");
        if (birth > DateOnly.FromDateTime(_now))
        {
            throw new RecordInputException("patient.birthDate", $"{birth:yyyy-MM-dd} is in the future");
        }

        return new PatientRow
        {
            Identifier = Text(o["identifier"], "patient.identifier", required: true)!,
            Sex = Word(o["sex"], "patient.sex", ["female", "male"]),
            BirthDate = birth,
            HeightCm = Q(o["height"], "patient.height", ScenarioLimits.Height).Centimeters,
            WeightKg = Q(o["weight"], "patient.weight", ScenarioLimits.Weight).Kilograms,
            Diagnosis = o["diagnosis"] is null ? "none" : Word(o["diagnosis"], "patient.diagnosis", ["none", "aml", "all", "cml", "cll"]),
        };
    }

    private CourseRow ReadCourse(JsonObject o)
    {
        Fields(o, "course.", CourseFields);
        return new CourseRow
        {
            Indication = Text(o["indication"], "course.indication", required: true)!,
            Goal = Text(o["goal"], "course.goal", required: true)!,
            Mobilisation = Text(o["mobilisation"], "course.mobilisation", required: false),
            StartDate = Date(o["startDate"], "course.startDate"),
        };
    }

    // One panel: a time and any analytes; one row per analyte.
    private void ReadLabs(JsonObject o, string path)
    {
        var at = Time(o["takenAt"], path + ".takenAt");
        var any = false;
        foreach (var (key, value) in o)
        {
            if (key == "takenAt")
            {
                continue;
            }

            if (!Analyte.All.TryGetValue(key, out var analyte))
            {
                throw new RecordInputException($"{path}.{key}", $"is not an analyte Leuka records; the analytes: takenAt, {Analyte.Names}");
            }

            var text = Text(value, $"{path}.{key}", required: true)!;
            var (v, error) = analyte.Read(text);
            if (error is not null)
            {
                throw new RecordInputException($"{path}.{key}", $"{error} (e.g. \"{analyte.Example}\")");
            }

            Labs.Add(new LabRow { TakenAt = at, Analyte = key, Value = v, Unit = analyte.Unit, Entered = text, Loinc = analyte.Loinc });
            any = true;
        }

        if (!any)
        {
            throw new RecordInputException(path, $"has a time but no result; add one of {Analyte.Names}");
        }
    }

    private (ProcedureRow, ProductRow?, List<AdverseEventRow>) ReadProcedure(JsonObject o, string path)
    {
        Fields(o, path + ".", ProcedureFields);
        var scenario = o["scenario"] as JsonObject ?? throw new RecordInputException(path + ".scenario", "required: the procedure as a scenario (patient before it, settings, stop), as `leuka simulate` reads it");
        var loaded = ScenarioLoader.Load(scenario.ToJsonString());
        if (!loaded.IsValid)
        {
            var first = loaded.Errors[0];
            throw new RecordInputException($"{path}.scenario.{first.Path}", first.Message);
        }

        var row = new ProcedureRow
        {
            StartedAt = Time(o["startedAt"], path + ".startedAt"),
            Origin = o["origin"] is null ? "entered" : Word(o["origin"], path + ".origin", ["entered", "simulated"]),
            Scenario = scenario.ToJsonString(),
            ProcessedVolumeL = Q(o["processedVolume"], path + ".processedVolume", ScenarioLimits.ProcessedVolume).Liters,
            DurationMin = Q(o["duration"], path + ".duration", ScenarioLimits.RunDuration).Minutes,
            AcVolumeMl = o["acVolume"] is null ? 0 : Q(o["acVolume"], path + ".acVolume", new Limit<Volume>(Volume.Zero, Volume.FromLiters(5), "up to 5 L of anticoagulant")).Milliliters,
            CalciumGivenMmol = o["calciumGiven"] is null ? 0 : Q(o["calciumGiven"], path + ".calciumGiven", new Limit<SubstanceAmount>(SubstanceAmount.Zero, SubstanceAmount.FromMillimoles(200), "up to 200 mmol")).Millimoles,
            HeparinGivenIu = o["heparinGiven"] is null ? null : Q(o["heparinGiven"], path + ".heparinGiven", new Limit<Activity>(Activity.Zero, Activity.FromInternationalUnits(100000), "up to 100,000 IU: a day's heparin for a thrombosis is about 30,000")).InternationalUnits,
            Interruptions = o["interruptions"] is null ? 0 : Int(o["interruptions"], path + ".interruptions", 0, 100),
            DisposableLot = Text(o["disposableLot"], path + ".disposableLot", required: false),
            AnticoagulantLot = Text(o["anticoagulantLot"], path + ".anticoagulantLot", required: false),
            Operator = Text(o["operator"], path + ".operator", required: false),
            RunLog = o["runLog"] is null ? "[]" : (o["runLog"] as JsonArray ?? throw new RecordInputException(path + ".runLog", "expected an array of log entries")).ToJsonString(),
        };
        ProductRow? product = null;
        if (o["product"] is { } pn)
        {
            var p = Obj(pn, path + ".product");
            Fields(p, path + ".product.", ProductFields);
            var pp = path + ".product.";
            product = new ProductRow
            {
                VolumeMl = Q(p["volume"], pp + "volume", new Limit<Volume>(Volume.FromMilliliters(1), Volume.FromLiters(3), "from a few mL to a large-volume collection")).Milliliters,
                HematocritPercent = p["hematocrit"] is null ? null : Q(p["hematocrit"], pp + "hematocrit", new Limit<Fraction>(Fraction.Zero, Fraction.FromPercent(60), "a product's Hct")).Percent,
                WbcE9 = Count(p["wbc"], pp + "wbc"),
                Cd34E6 = Count(p["cd34"], pp + "cd34") * 1000,
                Cd3E9 = Count(p["cd3"], pp + "cd3"),
                PlateletsE9 = Count(p["platelets"], pp + "platelets"),
                Isbt128 = Text(p["isbt128"], pp + "isbt128", required: false) is { } code ? Isbt(code, pp + "isbt128") : null,
            };
        }

        var events = Array(o["adverseEvents"], path + ".adverseEvents").Select(x => ReadEvent(Obj(x.Item, $"{path}.adverseEvents[{x.Index}]"), $"{path}.adverseEvents[{x.Index}]")).ToList();
        return (row, product, events);
    }

    private AdverseEventRow ReadEvent(JsonObject o, string path)
    {
        Fields(o, path + ".", EventFields);
        return new AdverseEventRow
        {
            OccurredAt = Time(o["occurredAt"], path + ".occurredAt"),
            Type = Word(o["type"], path + ".type", AdverseEventTypes),
            WaaSeverity = Int(o["waaSeverity"], path + ".waaSeverity", 1, 4),
            CtcaeGrade = Int(o["ctcaeGrade"], path + ".ctcaeGrade", 1, 5),
            Intervention = Text(o["intervention"], path + ".intervention", required: false),
            Outcome = Text(o["outcome"], path + ".outcome", required: false),
            Interrupted = o["interrupted"] is { } b ? (b is JsonValue v && v.TryGetValue<bool>(out var x) ? x : throw new RecordInputException(path + ".interrupted", "expected true or false")) : false,
        };
    }

    private static void Fields(JsonObject o, string prefix, string[] known)
    {
        foreach (var (key, _) in o)
        {
            if (!known.Contains(key, StringComparer.Ordinal))
            {
                throw new RecordInputException(prefix + key, $"unknown field; the fields here: {string.Join(", ", known)}");
            }
        }
    }

    private static JsonObject Obj(JsonNode? n, string path) => n as JsonObject ?? throw new RecordInputException(path, "expected an object");

    private static IEnumerable<(JsonNode Item, int Index)> Array(JsonNode? n, string path) => n switch
    {
        null => [],
        JsonArray a => a.Select((x, i) => (x ?? throw new RecordInputException($"{path}[{i}]", "is null"), i)).ToList(),
        _ => throw new RecordInputException(path, "expected an array"),
    };

    private static string? Text(JsonNode? n, string path, bool required)
    {
        if (n is null)
        {
            return required ? throw new RecordInputException(path, "required") : null;
        }

        var s = n is JsonValue v && v.TryGetValue<string>(out var t) ? t.Trim() : throw new RecordInputException(path, "expected a string");
        if (s.Any(char.IsControl))
        {
            throw new RecordInputException(path, "contains a control character (a line break, tab or NUL); write it on one line");
        }

        return s.Length > 0 ? s : throw new RecordInputException(path, "is empty");
    }

    private static string Word(JsonNode? n, string path, IReadOnlyList<string> words)
    {
        var s = Text(n, path, required: true)!;
        return words.Contains(s, StringComparer.Ordinal) ? s : throw new RecordInputException(path, $"\"{s}\" is not one of {string.Join(", ", words)}");
    }

    private static int Int(JsonNode? n, string path, int min, int max)
    {
        if (n is JsonValue v && v.TryGetValue<int>(out var i))
        {
            return i >= min && i <= max ? i : throw new RecordInputException(path, $"{i} is outside {min}–{max}");
        }

        throw new RecordInputException(path, n is null ? $"required: a whole number {min}–{max}" : $"expected a whole number {min}–{max}");
    }

    private static DateOnly Date(JsonNode? n, string path)
    {
        var s = Text(n, path, required: true)!;
        return DateOnly.TryParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
            ? d : throw new RecordInputException(path, $"\"{s}\" is not a date; write it as yyyy-MM-dd, e.g. \"1961-04-02\"");
    }

    // A time must say its offset: a time without one could be any of 26 hours.
    private DateTime Time(JsonNode? n, string path)
    {
        var s = Text(n, path, required: true)!;
        var t = RecordTime.WithOffset(s) ?? throw new RecordInputException(path, RecordTime.Problem(s));

        var utc = t.UtcDateTime;
        utc = new DateTime(utc.Ticks - (utc.Ticks % TimeSpan.TicksPerMillisecond), DateTimeKind.Utc);
        return utc <= _now.AddMinutes(1) ? utc : throw new RecordInputException(path, $"{s} is in the future (now is {_now:yyyy-MM-ddTHH:mm}Z): record what has happened");
    }

    private static T Q<T>(JsonNode? n, string path, Limit<T> limit)
        where T : struct, IQuantity<T>
    {
        var s = Text(n, path, required: true)!;
        var parsed = T.Parse(s);
        if (!parsed.TryGetValue(out var q))
        {
            throw new RecordInputException(path, parsed.Error!);
        }

        return limit.Contains(q) ? q : throw new RecordInputException(path, $"{q} is outside {limit.HardMin} – {limit.HardMax} ({limit.Why})");
    }

    private static double? Count(JsonNode? n, string path) =>
        n is null ? null : Q(n, path, new Limit<CellCount>(CellCount.Zero, CellCount.FromE9(1e5), "a product's cells")).E9;

    private static string Isbt(string code, string path) =>
        IsbtProduct().IsMatch(code) ? code : throw new RecordInputException(path, $"\"{code}\" is not an ISBT 128 product code (a letter and four digits, e.g. \"S1234\")");

    [GeneratedRegex(@"^[A-Z]\d{4}$")]
    private static partial Regex IsbtProduct();
}
